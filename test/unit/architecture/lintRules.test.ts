import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

// eslint.config.mjs carries the layering rules that the regex test (coreHasNoVscode.test.ts) checks for
// src/core only; these tests check the config itself, so a loosened rule or override fails here.
const ROOT = join(__dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: ROOT });

const VSCODE_FORMS = [
  "import * as vscode from 'vscode';\nexport const w = vscode.window;\n",
  "import type { Uri } from 'vscode';\nexport const u: Uri | undefined = undefined;\n",
  "export { Uri } from 'vscode';\n",
  "export async function load(): Promise<unknown> {\n  return import('vscode');\n}\n",
  "export const v: unknown = require('vscode');\n",
];

async function ruleIds(text: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, file) });
  return result.messages.map((message) => message.ruleId ?? `fatal: ${message.message}`);
}

function vscodeRuleIds(ids: string[]): string[] {
  return ids.filter((id) => id === '@typescript-eslint/no-restricted-imports' || id === 'no-restricted-syntax');
}

test('the linter refuses a vscode import, in any form, outside the extension host', async () => {
  for (const file of ['src/core/x.ts', 'src/worker/x.ts', 'src/cli/x.ts', 'src/shared/x.ts', 'webview/x.ts', 'test/unit/x.test.ts']) {
    for (const text of VSCODE_FORMS) {
      assert.equal(vscodeRuleIds(await ruleIds(text, file)).length, 1, `${file}: ${text}`);
    }
  }
});

test('the extension host and the real-VS-Code tests may import vscode', async () => {
  for (const file of ['src/extension/x.ts', 'test/vscode/suite/x.test.ts']) {
    for (const text of VSCODE_FORMS) assert.deepEqual(vscodeRuleIds(await ruleIds(text, file)), [], `${file}: ${text}`);
  }
});

test('the linter refuses `any` and a value import used only as a type', async () => {
  assert.deepEqual(await ruleIds('export const x: any = 1;\n', 'src/core/x.ts'), ['@typescript-eslint/no-explicit-any']);
  assert.deepEqual(await ruleIds("import { Stats } from 'node:fs';\nexport let s: Stats | undefined;\n", 'src/core/x.ts'), [
    '@typescript-eslint/consistent-type-imports',
  ]);
});
