import test from 'node:test';
import assert from 'node:assert/strict';
import { makeNonce, webviewHtml } from '../../../src/extension/webviewHtml';

const page = {
  title: 'PNAG Frontier',
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/frontier.css',
};

function csp(html: string): string {
  const match = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
  assert.ok(match, 'the page declares a CSP');
  return match[1];
}

test('the webview CSP denies everything by default and allows scripts only by nonce', () => {
  const html = webviewHtml(page, 'abc123');
  const policy = csp(html);
  assert.match(policy, /^default-src 'none'/);
  assert.match(policy, /script-src 'nonce-abc123'(;|$)/);
  assert.match(policy, new RegExp(`style-src ${page.cspSource.replace(/[.+]/g, '\\$&')}(;|$)`));
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|\*/);
  const scripts = html.match(/<script[^>]*>/g) ?? [];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0], /nonce="abc123"/);
  assert.match(scripts[0], /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"/);
});

test('every page load gets a different nonce', () => {
  const nonces = new Set(Array.from({ length: 20 }, () => makeNonce()));
  assert.equal(nonces.size, 20);
  for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9+/=]{16,}$/);
});
