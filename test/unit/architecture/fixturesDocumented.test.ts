import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NASDATA_DIR } from '../nasdata';

// test/fixtures/README.md gives every data file's source, licence and size: it must list exactly the files
// that are there, at the sizes they have, so a file cannot arrive or change without its provenance.
const README = readFileSync(join(NASDATA_DIR, '..', 'README.md'), 'utf8');

/** Rows of the nasdata table, `| \`name\` | 1,234 | ...`; a `{a,b}` group in a name stands for one file each. */
function documentedRows(): { names: string[]; bytes?: number }[] {
  return README.split('\n').flatMap((line) => {
    const match = /^\| `([^`]+)` \| ([\d,]*) \|/.exec(line);
    if (!match) return [];
    const group = /^(.*)\{([^}]+)\}(.*)$/.exec(match[1]);
    const names = group ? group[2].split(',').map((part) => `${group[1]}${part}${group[3]}`) : [match[1]];
    return [{ names, bytes: match[2] === '' ? undefined : Number(match[2].replace(/,/g, '')) }];
  });
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

test('test/fixtures/README.md lists every nasdata file, and only files that exist, at their byte sizes', () => {
  const rows = documentedRows();
  assert.deepEqual(rows.flatMap((row) => row.names).sort(), filesUnder(NASDATA_DIR).sort());
  for (const { names, bytes } of rows) {
    if (bytes === undefined) continue;
    const actual = names.reduce((sum, name) => sum + statSync(join(NASDATA_DIR, name)).size, 0);
    assert.equal(actual, bytes, `${names.join(', ')}: the README says ${bytes} bytes`);
  }
});

test("OFA's predictor fixture is the published file (the sha256 the README gives)", () => {
  const sha = createHash('sha256').update(readFileSync(join(NASDATA_DIR, 'ofa_acc_predictor_w1.2.pth'))).digest('hex');
  assert.ok(README.includes(sha), `sha256 ${sha} is not the one in test/fixtures/README.md`);
  assert.equal(sha, '48685122a3540636b06699af66cd816456b25f29b69563e2fda9bed4018eeba0');
});
