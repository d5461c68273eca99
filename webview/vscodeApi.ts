import type { FrontierViewState, WebviewMessage } from '../src/shared/protocol';

/** The part of the webview API we use, typed with our own protocol. */
export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: FrontierViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** May be called only once per page load, so the app asks here and passes the result around. */
export function getVsCodeApi(): VsCodeApi {
  return acquireVsCodeApi();
}
