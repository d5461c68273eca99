import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// src/core is the engine shared by the extension host, the worker and the CLI: it must run without VS Code.
const CORE = join(__dirname, '..', '..', '..', 'src', 'core');

/** Any static import, re-export, dynamic import or require of the `vscode` module (or a subpath). */
const VSCODE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]vscode(?:\/[^'"]*)?['"]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(?:[cm]?ts|[cm]?js|tsx)$/.test(name) ? [path] : [];
  });
}

function importsVscode(source: string): boolean {
  return source.split('\n').some((line) => VSCODE_IMPORT.test(line));
}

test('the vscode-import detector recognises every form of import', () => {
  for (const line of [
    "import * as vscode from 'vscode';",
    'import { window } from "vscode";',
    "import type { Uri } from 'vscode';",
    "export { Uri } from 'vscode';",
    "import 'vscode';",
    "const vscode = require('vscode');",
    "const vscode = await import('vscode');",
  ]) {
    assert.ok(importsVscode(line), line);
  }
  for (const line of ["import { x } from './vscodeish';", "// talks to 'vscode-elements'", "import x from 'vscode-uri';"]) {
    assert.ok(!importsVscode(line), line);
  }
});

test('no file under src/core imports vscode', () => {
  const files = sourceFiles(CORE);
  assert.ok(files.length > 0, `no source files found under ${CORE}`);
  const offenders = files.filter((file) => importsVscode(readFileSync(file, 'utf8'))).map((file) => relative(CORE, file));
  assert.deepEqual(offenders, [], `src/core must not import vscode: ${offenders.join(', ')}`);
});
