import test from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { latencyTableCost } from '../../../src/core/pipeline/frontierLatencyTable';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';

test('the Frontier marks\' latency table is opened once, and again when its files are rebuilt; other cost models have none', async () => {
  const folder = join(mkdtempSync(join(tmpdir(), 'pnag-frontier-lut-')), 'tables');
  cpSync(resolve(__dirname, '..', '..', '..', 'data', 'lut', 'ofa_note10_lut'), folder, { recursive: true });
  const arch = randomArch(new Random(1));
  const first = await latencyTableCost(`lut:${folder}`);
  const again = await latencyTableCost(`lut:${folder}`);
  assert.ok(first.costOf);
  assert.equal(again.costOf, first.costOf, 'unchanged tables are not read again');
  const before = first.costOf(arch);

  // A rebuild into the same folder (every operator twice as slow): the next call costs with the new tables.
  const table = join(folder, '224_lookup_table.yaml');
  writeFileSync(table, readFileSync(table, 'utf8').replace(/mean: ([\d.eE+-]+)/g, (_, v: string) => `mean: ${Number(v) * 2}`));
  const later = new Date(Date.now() + 60_000);
  utimesSync(table, later, later);
  const rebuilt = await latencyTableCost(`lut:${folder}`);
  assert.ok(rebuilt.costOf && rebuilt.costOf !== first.costOf);
  assert.ok(rebuilt.costOf(arch) > 1.5 * before, `${rebuilt.costOf(arch)} against ${before}`);

  assert.deepEqual(await latencyTableCost('madds:pnag'), {});
  assert.deepEqual(await latencyTableCost(undefined), {});
  assert.match((await latencyTableCost(`lut:${join(folder, 'gone')}`)).problem ?? '', /could not be opened/);
});
