import test from 'node:test';
import assert from 'node:assert/strict';
import { countMadds, maddsM } from '../../../src/core/cost/madds';
import { countParams } from '../../../src/core/cost/params';
import { parsePnagString } from '../../../src/core/space/pnagString';
import { fromOfaDict } from '../../../src/core/space/ofaDict';
import { HELP_LATENCY_CSV, readNasdataCsv } from '../nasdata';

const list = (text: string) => text.split(',').map(Number);

test('OFA-count MAdds equal the macs column of all 2,373 DyNAS-T rows exactly', () => {
  const table = readNasdataCsv('dynast_ofa_mbv3_w1.0_top1_macs.csv');
  assert.equal(table.rows.length, 2373);
  const mismatches: string[] = [];
  for (const row of table.rows) {
    const v = row.values;
    const arch = fromOfaDict({ d: list(v.d), ks: list(v.ks), e: list(v.e), r: Number(v.r), w: 1.0 });
    const madds = countMadds(arch, 'ofa').madds;
    if (madds !== Number(v.macs)) mismatches.push(`line ${row.line}: ${madds} != ${v.macs}`);
  }
  assert.deepEqual(mismatches, []);
});

test('parameter counts equal the params column of DyNAS-T wherever it is given', () => {
  const table = readNasdataCsv('dynast_ofa_mbv3_w1.0_top1_macs.csv');
  let compared = 0;
  for (const row of table.rows) {
    if (row.values.params === '') continue;
    const arch = parsePnagString(row.values.pnag_string, { width: 1.0, resolution: Number(row.values.r) });
    assert.equal(countParams(arch), Number(row.values.params), `line ${row.line}`);
    compared++;
  }
  assert.ok(compared > 2000, `only ${compared} rows had params`);
});

test("PNAG-count MAdds give 14 of PNAG's 15 README figures exactly after rounding, the 15th within 1M", () => {
  const table = readNasdataCsv('pnag_published_archs.csv');
  assert.equal(table.rows.length, 15);
  let exact = 0;
  for (const row of table.rows) {
    const arch = parsePnagString(row.values.pnag_string);
    const madds = maddsM(arch, 'pnag');
    const readme = Number(row.values.readme_madds_M);
    assert.ok(Math.abs(madds - readme) < 1, `${row.values.name}: ${madds} vs README ${readme}`);
    if (Math.round(madds) === readme) exact++;
    // The derived columns of the same file were computed independently with the nasdata formula.
    assert.ok(Math.abs(madds - Number(row.values.madds_pnag_count_M)) < 0.01, row.values.name);
    assert.ok(Math.abs(maddsM(arch, 'ofa') - Number(row.values.madds_ofa_count_M)) < 0.01, row.values.name);
  }
  assert.equal(exact, 14);
});

test('OFA-count MAdds match every row of the HELP subset (500 rows, resolutions 128 to 224)', () => {
  const table = readNasdataCsv(HELP_LATENCY_CSV);
  assert.equal(table.rows.length, 500);
  const resolutions = new Set<number>();
  for (const row of table.rows) {
    const r = Number(row.values.r);
    resolutions.add(r);
    const arch = parsePnagString(row.values.pnag_string, { width: 1.2, resolution: r });
    const madds = maddsM(arch, 'ofa');
    assert.ok(Math.abs(madds - Number(row.values['madds_ofa_count_w1.2_M'])) < 0.0005, `line ${row.line}: ${madds}`);
  }
  assert.ok(resolutions.has(128) && resolutions.has(224) && resolutions.size > 10);
});

test('the PNAG count is the OFA count minus the classifier', () => {
  const arch = parsePnagString('2,3,3,3,3:3,3,0,0,3,5,3,0,3,3,5,0,3,3,5,0,5,5,7,0:3,3,0,0,4,3,3,0,4,4,4,0,4,6,6,0,6,6,3,0');
  assert.equal(countMadds(arch, 'ofa').madds - countMadds(arch, 'pnag').madds, 1536 * 1000);
  assert.equal(Number(maddsM(arch, 'pnag').toFixed(2)), 348.57);
});
