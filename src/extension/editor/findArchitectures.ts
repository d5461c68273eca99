// Architectures written in source text: OFA dicts / set_active_subnet calls (Python, JSON, YAML flow lists),
// PNAG strings, and OFA network configs (JSON). Pure: offsets in, architectures or parser messages out.
import { messageOf } from '../../core/errors';
import { Arch, ArchOptions } from '../../core/space/arch';
import { fromNetworkConfig } from '../../core/space/networkConfig';
import { fromOfaDict } from '../../core/space/ofaDict';
import { parsePnagString } from '../../core/space/pnagString';

export type FoundKind = 'ofaDict' | 'pnagString' | 'networkConfig';

export interface FoundArchitecture {
  readonly kind: FoundKind;
  /** Offsets of the text the finding is about (where a lens or a diagnostic goes). */
  readonly start: number;
  readonly end: number;
  /** Set when the text is a valid architecture of the space. */
  readonly arch?: Arch;
  /** The parser's message when it is not. */
  readonly error?: string;
}

/** Texts longer than this are not scanned (a lens on a huge data file helps nobody and costs the host). */
export const MAX_SCAN_CHARS = 500_000;

// A key, then a literal list or number that ends the value (`[3]*20` is an expression, not a literal).
const KEY = (name: string) =>
  new RegExp(`(?:^|[\\s{(,'"])["']?${name}["']?\\s*[:=]\\s*(\\[[^\\]]*\\]|-?\\d+(?:\\.\\d+)?)(?=[ \\t]*(?:[,)}\\r\\n#]|$))`, 'm');

function numberList(text: string): number[] | undefined {
  const inner = text.trim().replace(/^\[|\]$/g, '').trim();
  if (inner === '') return [];
  const items = inner.split(',').map((s) => s.trim());
  // A list of names or expressions is code, not an architecture literal.
  if (!items.every((s) => /^-?\d+(\.\d+)?$/.test(s))) return undefined;
  return items.map(Number);
}

function attempt(kind: FoundKind, start: number, end: number, parse: () => Arch): FoundArchitecture {
  try {
    return { kind, start, end, arch: parse() };
  } catch (error) {
    return { kind, start, end, error: messageOf(error) };
  }
}

/** `ks` lists followed, within the same call or mapping, by `e` and `d` lists. */
function findOfaDicts(text: string, defaults: ArchOptions): FoundArchitecture[] {
  const found: FoundArchitecture[] = [];
  const ksPattern = /(["']?)\bks\1\s*[:=]\s*\[/g;
  for (let match = ksPattern.exec(text); match; match = ksPattern.exec(text)) {
    const start = match.index;
    // The dict's other keys are close by; stop at the next `ks` so two dicts never merge.
    const next = text.indexOf('ks', start + match[0].length);
    const window = text.slice(start, Math.min(text.length, start + 800, next > 0 ? next + 0 : text.length));
    const values: Record<string, number[] | number> = {};
    let end = start + match[0].length;
    let ok = true;
    for (const name of ['ks', 'e', 'd']) {
      const m = KEY(name).exec(name === 'ks' ? ` ${window}` : window);
      const list = m ? numberList(m[1]) : undefined;
      if (!m || !list || !m[1].startsWith('[')) {
        ok = false;
        break;
      }
      values[name] = list;
      end = Math.max(end, start + (m.index + m[0].length) - (name === 'ks' ? 1 : 0));
    }
    if (!ok) continue;
    for (const name of ['r', 'w', 'image_size']) {
      const m = KEY(name).exec(window);
      if (!m) continue;
      const list = numberList(m[1]);
      if (list && list.length === 1) values[name] = list[0];
      else if (!m[1].startsWith('[')) values[name] = Number(m[1]);
    }
    found.push(attempt('ofaDict', start, end, () => fromOfaDict(values, defaults)));
  }
  return found;
}

/** `2,3,3,3,3:3,3,0,...:...` with 5, 20 and 20 items (any other count is reported by the parser). */
function findPnagStrings(text: string, defaults: ArchOptions): FoundArchitecture[] {
  const found: FoundArchitecture[] = [];
  const pattern = /\d+(?:\s*,\s*\d+){3,}\s*:\s*\d+(?:\s*,\s*\d+){10,}\s*:\s*\d+(?:\s*,\s*\d+){10,}/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const value = match[0];
    found.push(attempt('pnagString', match.index, match.index + value.length, () => parsePnagString(value, defaults)));
  }
  return found;
}

function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) value.forEach((v) => walk(v, visit));
  else if (typeof value === 'object' && value !== null) {
    visit(value as Record<string, unknown>);
    Object.values(value).forEach((v) => walk(v, visit));
  }
}

/** Network configs anywhere in a JSON document, placed at their `"first_conv"` keys in order. */
function findNetworkConfigs(text: string, defaults: ArchOptions): FoundArchitecture[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const configs: Record<string, unknown>[] = [];
  walk(parsed, (node) => {
    if ('blocks' in node && 'first_conv' in node) configs.push(node);
  });
  const found: FoundArchitecture[] = [];
  let from = 0;
  for (const config of configs) {
    const at = text.indexOf('"first_conv"', from);
    if (at < 0) break;
    from = at + 1;
    found.push(attempt('networkConfig', at, at + '"first_conv"'.length, () => fromNetworkConfig(config, defaults.resolution)));
  }
  return found;
}

/** Everything found in a document of `languageId`, in text order. */
export function findArchitectures(text: string, languageId: string, defaults: ArchOptions = {}): FoundArchitecture[] {
  if (text.length > MAX_SCAN_CHARS) return [];
  const found = [...findOfaDicts(text, defaults), ...findPnagStrings(text, defaults)];
  if (languageId === 'json' || languageId === 'jsonc') found.push(...findNetworkConfigs(text, defaults));
  return found.sort((a, b) => a.start - b.start);
}
