import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileKindOf } from '../../../src/core/fs/fileKind';
import { parseArchText } from '../../../src/core/space/parseArch';
import { InputError } from '../../../src/core/errors';

const dir = mkdtempSync(join(tmpdir(), 'pnag-filekind-'));
const record = '{"pnag":"2,2,2,2,2:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0","width":1.2,"resolution":224,"metrics":{"top1":75}}';

test('an archive whose first line is damaged is still an archive (found by the fuzz suite)', () => {
  const path = join(dir, 'damaged.jsonl');
  writeFileSync(path, `{\r"pn: "broken\n${record}\n`);
  assert.equal(fileKindOf(path), 'archive');
});

test('a file with no archive record in it is another kind', () => {
  const path = join(dir, 'other.txt');
  writeFileSync(path, 'name,top1\nnet,75\n');
  assert.equal(fileKindOf(path), 'other');
});

test('a YAML-like architecture with a broken value names the architecture (found by the fuzz suite)', () => {
  assert.throws(() => parseArchText('"ks": [\n  3,\n "e": ['), (e: unknown) => e instanceof InputError && /^architecture: /.test(e.message));
});
