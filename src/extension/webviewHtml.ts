import { randomBytes } from 'node:crypto';

/** What a webview page needs from the host; plain strings so this file stays free of `vscode`. */
export interface WebviewPage {
  readonly title: string;
  /** `webview.cspSource`: the origin the webview serves local resources from. */
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
}

/** A fresh nonce per page load: only scripts carrying it may run. */
export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The page shell. Everything is denied by default; scripts need the nonce, styles and images may come
 * only from the extension's own resources. Lit (inside @vscode-elements) adopts constructed stylesheets,
 * which CSP does not govern, so no 'unsafe-inline' is needed.
 */
export function webviewHtml(page: WebviewPage, nonce: string = makeNonce()): string {
  const csp = [
    "default-src 'none'",
    `style-src ${page.cspSource}`,
    `img-src ${page.cspSource} data:`,
    `font-src ${page.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(page.styleUri)}">
<title>${escapeAttribute(page.title)}</title>
</head>
<body>
<main id="root" aria-live="polite"></main>
<script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(page.scriptUri)}"></script>
</body>
</html>
`;
}
