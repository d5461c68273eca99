import test from 'node:test';
import assert from 'node:assert/strict';
import { readNasdataCsv } from '../nasdata';
import { MOBILENETV3_LARGE, OFA_SPECIALIZED, PNAG_PUBLISHED, PUBLISHED_ARCHS } from '../../../src/core/reference/publishedArchs';
import { countMadds } from '../../../src/core/cost/madds';
import { publishedArchOf } from '../../../src/core/reference/referencePoints';

const num = (text: string): number => Number(text);

test("PNAG's 15 published architectures match pnag_published_archs.csv field by field", () => {
  const rows = readNasdataCsv('pnag_published_archs.csv').rows.map((r) => r.values);
  assert.equal(PNAG_PUBLISHED.length, 15);
  assert.equal(rows.length, 15);
  for (const row of rows) {
    const typed = PNAG_PUBLISHED.find((a) => a.name === row.name);
    assert.ok(typed, `${row.name} is typed in`);
    assert.equal(typed.pnag, row.pnag_string, `${row.name}: architecture`);
    assert.equal(typed.reportedTop1, num(row.readme_top1), `${row.name}: top-1`);
    assert.equal(typed.reportedMaddsM, num(row.readme_madds_M), `${row.name}: MAdds`);
    assert.equal(typed.reportedLatencyMs, num(row.readme_latency_ms), `${row.name}: latency`);
    assert.equal(typed.budgetMs, num(row.budget_ms), `${row.name}: budget`);
    assert.equal(typed.latencyDevice, row.device, `${row.name}: device`);
    assert.equal(typed.width, num(row.width));
    assert.equal(typed.resolution, num(row.resolution));
  }
});

test("OFA's specialised nets match ofa_specialized_nets.csv field by field", () => {
  const rows = readNasdataCsv('ofa_specialized_nets.csv').rows.map((r) => r.values);
  assert.equal(OFA_SPECIALIZED.length, rows.length);
  for (const row of rows) {
    const typed = OFA_SPECIALIZED.find((a) => a.name === row.name);
    assert.ok(typed, `${row.name} is typed in`);
    assert.equal(typed.pnag, row.pnag_string, `${row.name}: architecture`);
    assert.equal(typed.width, num(row.width), `${row.name}: width`);
    assert.equal(typed.resolution, num(row.resolution), `${row.name}: resolution`);
    assert.equal(typed.reportedTop1, num(row.top1), `${row.name}: top-1`);
    assert.equal(typed.reportedMaddsM, num(row.readme_macs_M), `${row.name}: MACs`);
  }
});

test('MobileNetV3-Large matches other_published_archs.csv and carries no OFA architecture', () => {
  const row = readNasdataCsv('other_published_archs.csv').rows.map((r) => r.values).find((r) => r.name === 'mobilenetv3_large_1.0');
  assert.ok(row);
  assert.equal(MOBILENETV3_LARGE.reportedTop1, num(row.reported_top1));
  assert.equal(MOBILENETV3_LARGE.reportedMaddsM, num(row.reported_madds_M));
  assert.equal(MOBILENETV3_LARGE.reportedLatencyMs, num(row.reported_latency_ms));
  assert.equal(MOBILENETV3_LARGE.pnag, undefined, 'not in the OFA space, so it must not be placed by our cost model');
});

test('typed architectures build in our space unless their resolution lies outside it; our MAdds agree with the CSVs', () => {
  const pnagRows = readNasdataCsv('pnag_published_archs.csv').rows.map((r) => r.values);
  const ofaRows = readNasdataCsv('ofa_specialized_nets.csv').rows.map((r) => r.values);
  for (const published of PUBLISHED_ARCHS) {
    assert.ok(published.source.length > 10, `${published.name} names its source`);
    const arch = publishedArchOf(published);
    if (!published.pnag || published.resolution > 224) {
      assert.equal(arch, undefined, `${published.name} cannot be built in our space`);
      continue;
    }
    assert.ok(arch, `${published.name} builds`);
    // Each typed list has its CSV: a renamed row must fail here, not skip the MAdds check.
    if (PNAG_PUBLISHED.includes(published)) {
      const pnagRow = pnagRows.find((r) => r.name === published.name);
      assert.ok(pnagRow, `${published.name} has a row in pnag_published_archs.csv`);
      assert.ok(Math.abs(countMadds(arch, 'pnag').madds / 1e6 - num(pnagRow.madds_pnag_count_M)) < 0.01, published.name);
    } else {
      const ofaRow = ofaRows.find((r) => r.name === published.name);
      assert.ok(ofaRow, `${published.name} has a row in ofa_specialized_nets.csv`);
      assert.ok(Math.abs(countMadds(arch, 'ofa').madds / 1e6 - num(ofaRow.madds_ofa_incl_classifier_M)) < 0.01, published.name);
    }
  }
});

test('names are unique', () => {
  assert.equal(new Set(PUBLISHED_ARCHS.map((a) => a.name)).size, PUBLISHED_ARCHS.length);
});

test('references are placed by our cost where the arch is in our space, by reported MAdds otherwise, and left out on a latency axis without a model', async () => {
  const { placeReferences } = await import('../../../src/core/reference/referencePoints');
  const madds = placeReferences('M', (arch) => countMadds(arch, 'pnag').madds / 1e6);
  assert.equal(madds.points.length, PUBLISHED_ARCHS.length, 'on a MAdds axis every reference has a place');
  const pnag80 = madds.points.find((p) => p.label === 'pnag-mobile-80');
  assert.ok(pnag80);
  assert.equal(pnag80.xOrigin, 'computed');
  assert.ok(Math.abs(pnag80.x - 348.569) < 0.01);
  assert.equal(pnag80.y, 78.3);
  assert.equal(pnag80.yOrigin, 'reported');
  const mbv3 = madds.points.find((p) => p.series === 'mobilenetv3');
  assert.ok(mbv3);
  assert.equal(mbv3.xOrigin, 'reported');
  assert.equal(mbv3.x, 219);
  assert.equal(mbv3.arch, undefined, 'cannot be inserted: not in our space');
  const wide = madds.points.find((p) => p.label === 'pixel1_lat@143ms_top1@80.1_finetune@75');
  assert.ok(wide, 'the 143 ms Pixel 1 net is a reference');
  assert.equal(wide.xOrigin, wide.arch === undefined ? 'reported' : 'computed');

  const latency = placeReferences('ms', () => undefined);
  assert.equal(latency.points.length, 0);
  assert.equal(latency.notes.length, 1);
  assert.match(latency.notes[0], /not placed/);
});
