// Architectures written in source text, found where they sit and read by the one core parser
// (parseArchText): OFA dicts (Python, JSON, JavaScript, YAML), set_active_subnet calls, PNAG strings and
// OFA network configs. Pure: offsets in, architectures or parser messages out.
import { messageOf } from '../../core/errors';
import type { Arch, ArchOptions } from '../../core/space/arch';
import { parseArchText } from '../../core/space/parseArch';
import { LiteralSyntaxError } from '../../core/space/pythonLiteral';

export type FoundKind = 'ofaDict' | 'setActiveSubnet' | 'pnagString' | 'networkConfig';

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

/** How far back from a key its opening bracket may be; farther means the key is not in a literal we write. */
const MAX_LOOKBACK = 20_000;
const OPEN: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/**
 * The bracket that encloses `offset`, scanning back and skipping balanced pairs. Strings are not
 * tracked (brackets inside quoted names are rare in the texts we read); a wrong guess fails to parse
 * and is skipped, never reported.
 */
function enclosingOpen(text: string, offset: number): number {
  const stack: string[] = [];
  for (let i = offset - 1; i >= Math.max(0, offset - MAX_LOOKBACK); i--) {
    const c = text[i];
    if (c === ')' || c === ']' || c === '}') stack.push(OPEN[c]);
    else if (c === '(' || c === '[' || c === '{') {
      if (stack.length === 0) return i;
      if (stack.pop() !== c) return -1;
    }
  }
  return -1;
}

/** The offset just past the bracket that closes the one at `open`, skipping quoted strings. */
function matchingClose(text: string, open: number): number {
  const closers: string[] = [];
  const CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  for (let i = open; i < text.length && i < open + MAX_SCAN_CHARS; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      const eol = text.indexOf('\n', i + 1);
      if (end < 0 || (eol >= 0 && eol < end)) return -1;
      i = end;
    } else if (c in CLOSE) closers.push(CLOSE[c]);
    else if (c === ')' || c === ']' || c === '}') {
      if (closers.pop() !== c) return -1;
      if (closers.length === 0) return i + 1;
    }
  }
  return -1;
}

/** Start of `receiver.set_active_subnet` ending at `paren`, or -1 when the call is another function. */
function callStart(text: string, paren: number): number {
  const before = text.slice(Math.max(0, paren - 200), paren);
  const match = /((?:[A-Za-z_]\w*\s*\.\s*)*set_active_subnet)\s*$/.exec(before);
  return match ? paren - before.length + match.index : -1;
}

/** The lines around `offset` that make one flat `key: value` mapping at the same indentation (YAML). */
function blockAround(text: string, offset: number): { start: number; end: number } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const isPart = (line: string) =>
    new RegExp(`^${indent}(["']?[A-Za-z_]\\w*["']?\\s*[:=](?!=)|\\s+-\\s|\\s*$)`).test(line) ||
    (indent === '' ? /^\s*-\s/.test(line) : false);
  let start = lineStart;
  while (start > 0) {
    const prev = text.lastIndexOf('\n', start - 2) + 1;
    const line = text.slice(prev, start - 1);
    if (line.trim() === '' || !isPart(line)) break;
    start = prev;
  }
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  while (end < text.length) {
    const next = text.indexOf('\n', end + 1);
    const line = text.slice(end + 1, next < 0 ? text.length : next);
    if (line.trim() === '' || !isPart(line)) break;
    end = next < 0 ? text.length : next;
  }
  return { start, end };
}

interface Span {
  readonly kind: FoundKind;
  /** Where the finding is shown: the `ks` or `first_conv` key, or the PNAG string. */
  readonly at: number;
  /** The text handed to the parser. */
  readonly from: number;
  readonly to: number;
}

/** The text around a `ks` key that the parser should read: a dict, a call or a YAML block. */
function spanOfKey(text: string, key: number, kind: 'ofaDict' | 'networkConfig'): Span | undefined {
  const open = enclosingOpen(text, key);
  if (open < 0) {
    if (kind === 'networkConfig') return undefined;
    const block = blockAround(text, key);
    return { kind, at: key, from: block.start, to: block.end };
  }
  const close = matchingClose(text, open);
  if (close < 0) return undefined;
  if (text[open] === '(') {
    const call = callStart(text, open);
    return call < 0 ? undefined : { kind: 'setActiveSubnet', at: key, from: call, to: close };
  }
  return text[open] === '{' ? { kind, at: key, from: open, to: close } : undefined;
}

function candidateSpans(text: string): Span[] {
  const spans: Span[] = [];
  const keys = /(["']?)\b(ks|first_conv)\1\s*[:=](?!=)/g;
  for (let m = keys.exec(text); m; m = keys.exec(text)) {
    const span = spanOfKey(text, m.index, m[2] === 'ks' ? 'ofaDict' : 'networkConfig');
    if (span) spans.push(span);
  }
  const pnag = /\d+(?:\s*,\s*\d+){3,}\s*:\s*\d+(?:\s*,\s*\d+){10,}\s*:\s*\d+(?:\s*,\s*\d+){10,}/g;
  for (let m = pnag.exec(text); m; m = pnag.exec(text)) {
    spans.push({ kind: 'pnagString', at: m.index, from: m.index, to: m.index + m[0].length });
  }
  return spans;
}

/** Everything found in a document, in text order. Text that is no literal (code, expressions) is skipped. */
export function findArchitectures(text: string, _languageId: string, defaults: ArchOptions = {}): FoundArchitecture[] {
  if (text.length > MAX_SCAN_CHARS) return [];
  const found: FoundArchitecture[] = [];
  for (const span of candidateSpans(text)) {
    const end = span.kind === 'pnagString' ? span.to : Math.max(span.to, span.at + 1);
    try {
      found.push({ kind: span.kind, start: span.at, end, arch: parseArchText(text.slice(span.from, span.to), {}, defaults) });
    } catch (error) {
      if (error instanceof LiteralSyntaxError) continue;
      found.push({ kind: span.kind, start: span.at, end, error: messageOf(error) });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
