/**
 * Messages between the extension host and the Frontier webview. Both sides import this file; each side
 * checks what it receives with the parsers below, since a webview message is untrusted input.
 * No `vscode` and no DOM here: the file is compiled into both bundles.
 */

/** What the Frontier view shows about one architecture. Millions, rounded by the view, not here. */
export interface ArchCosts {
  /** The architecture as a PNAG string `d1,..,d5:k1,..,k20:e1,..,e20`. */
  readonly arch: string;
  readonly width: number;
  readonly resolution: number;
  /** Once-for-All's count: classifier included. */
  readonly maddsOfaM: number;
  /** PNAG's count: classifier left out. */
  readonly maddsPnagM: number;
  readonly paramsM: number;
}

/** Host to webview. `costs: null` means no architecture has been generated yet. */
export type HostMessage = { readonly type: 'showCosts'; readonly costs: ArchCosts | null };

/** Webview to host. The host posts nothing before `ready`, so no message is lost while the page loads. */
export type WebviewMessage = { readonly type: 'ready' } | { readonly type: 'generate' };

/** What the webview keeps with `setState`, so it can redraw at once when it is shown again. */
export interface FrontierViewState {
  readonly costs: ArchCosts | null;
}

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

const MAX_ARCH_TEXT = 1000;

export function parseArchCosts(value: unknown): ArchCosts | undefined {
  if (!isObject(value)) return undefined;
  const { arch, width, resolution, maddsOfaM, maddsPnagM, paramsM } = value;
  if (typeof arch !== 'string' || arch.length > MAX_ARCH_TEXT) return undefined;
  if (![width, resolution, maddsOfaM, maddsPnagM, paramsM].every(isFiniteNumber)) return undefined;
  return {
    arch,
    width: width as number,
    resolution: resolution as number,
    maddsOfaM: maddsOfaM as number,
    maddsPnagM: maddsPnagM as number,
    paramsM: paramsM as number,
  };
}

/** `costs` as a message carries it: an `ArchCosts` or null; undefined when it is neither. */
function parseCostsField(value: unknown): ArchCosts | null | undefined {
  return value === null ? null : parseArchCosts(value);
}

export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isObject(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'generate':
      return { type: 'generate' };
    default:
      return undefined;
  }
}

export function parseHostMessage(value: unknown): HostMessage | undefined {
  if (!isObject(value)) return undefined;
  if (value.type === 'showCosts') {
    const costs = parseCostsField(value.costs);
    return costs === undefined ? undefined : { type: 'showCosts', costs };
  }
  return undefined;
}

export function parseViewState(value: unknown): FrontierViewState | undefined {
  if (!isObject(value)) return undefined;
  const costs = parseCostsField(value.costs);
  return costs === undefined ? undefined : { costs };
}
