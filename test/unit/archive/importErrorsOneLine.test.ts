import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInputError } from '../../../src/core/errors';
import { parseImportFile } from '../../../src/core/archive/importFile';
import { formatIssue } from '../../../src/core/archive/importTypes';
import { parsePnagString } from '../../../src/core/space/pnagString';

// Found by the fuzz suite (test/fuzz/import.fuzz.ts): messages quoted text with its line breaks, so an error or
// a skipped-row note printed over several lines.

function write(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pnag-import-lines-')), name);
  writeFileSync(file, text);
  return file;
}

const oneLine = (text: string): boolean => !/[\r\n]/.test(text);

test('a broken architectures.json is refused on one line naming the file', () => {
  const file = write('archs.json', '[\nx\n]');
  assert.throws(() => parseImportFile(file), (error: unknown) => isInputError(error) && oneLine(error.message) && error.message.includes(file));
});

test('a CSV cell with a line break is reported on one line', () => {
  const pnag = '2,2,2,2,2:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0';
  const parsed = parseImportFile(write('evals.csv', `pnag_string,top1\n"${pnag}","7\n0"\n"2,2,2,2,x\r\ny:3:3",70\n`));
  assert.equal(parsed.errors.length, 2);
  for (const issue of parsed.errors) assert.ok(oneLine(formatIssue(issue)), formatIssue(issue));
});

test('a PNAG string error quotes the string on one line', () => {
  assert.throws(() => parsePnagString('3,*,params\r\n"3:3'), (error: unknown) => isInputError(error) && /got 2 in/.test(error.message) && oneLine(error.message));
  assert.throws(() => parsePnagString('2,2,2,2,x\ny:3:3'), (error: unknown) => isInputError(error) && /item 5/.test(error.message) && oneLine(error.message));
});

test('a CSV whose header name holds a line break is refused on one line', () => {
  const file = write('odd.csv', 'pnag_str!bing,"acc\r\nparams"\n1,2\n');
  assert.throws(() => parseImportFile(file), (error: unknown) => isInputError(error) && /its columns are pnag_str!bing, acc\\r\\nparams$/.test(error.message));
});
