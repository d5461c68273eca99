/// <reference types="mocha" />
// PNAG: Import archive runs the worker's import job: rows land in the workspace archive, skipped rows are
// counted, and a file that is not what it claims leaves the archive as it was.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type FilesAside, setPnagFilesAside } from './pnagFilesAside';

const IMPORT = 'pnag.importArchive';
const EXTENSION_ID = 'pnag-dev.pnag';

interface ImportSummary {
  imported: number;
  merged: number;
  skipped: number;
  archive: string;
  archiveSize: number;
}

suite('PNAG import archive', () => {
  let archive = '';
  let aside: FilesAside | undefined;

  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'a workspace folder is open');
    // The other suites' archive is put back as it was afterwards.
    aside = setPnagFilesAside(folder, ['archive.jsonl'], 'import');
    archive = aside.paths['archive.jsonl'];
  });

  suiteTeardown(() => aside?.restore());

  test('imports a PNAG architectures.json into the workspace archive in the worker, counting skipped rows', async function () {
    this.timeout(30_000);
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const file = join(extensionPath, 'test', 'unit', 'archive', 'fixtures', 'pnag_architectures_bad_rows.json');
    const returned = await vscode.commands.executeCommand<string | undefined>(IMPORT, file);
    assert.ok(returned, 'the command returns the summary');
    const summary = JSON.parse(returned) as ImportSummary;
    assert.deepEqual([summary.imported, summary.merged, summary.skipped, summary.archiveSize], [5, 0, 2, 5]);
    assert.equal(summary.archive, archive);
    assert.equal(readFileSync(archive, 'utf8').trim().split('\n').length, 5);
  });

  test('a file that is not what it claims is refused and the archive stays as it was', async function () {
    this.timeout(30_000);
    const before = readFileSync(archive, 'utf8');
    const file = join(mkdtempSync(join(tmpdir(), 'pnag-import-')), 'scores.csv');
    writeFileSync(file, 'name,top1\nmine,71.2\n');
    assert.equal(await vscode.commands.executeCommand<string | undefined>(IMPORT, file), undefined);
    assert.equal(readFileSync(archive, 'utf8'), before);
  });
});
