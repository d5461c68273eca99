import test from 'node:test';
import assert from 'node:assert/strict';
import { Archive } from '../../../src/core/archive/archive';
import { importFile } from '../../../src/core/archive/importFile';
import { InputError } from '../../../src/core/errors';
import { ArchiveAccuracySource } from '../../../src/core/sources/archiveSource';
import { parsePnagString } from '../../../src/core/space/pnagString';
import { HELP_LATENCY_CSV, nasdataPath, readNasdataCsv } from '../nasdata';

test('the archive source answers with the measured top-1 of DyNAS-T rows', async () => {
  const archive = Archive.inMemory();
  importFile(archive, nasdataPath('dynast_ofa_mbv3_w1.0_top1_macs.csv'));
  const source = new ArchiveAccuracySource(archive);
  assert.equal(source.queryable, false);
  assert.equal(source.isEstimate, false);
  const row = readNasdataCsv('dynast_ofa_mbv3_w1.0_top1_macs.csv').rows[5].values;
  const arch = parsePnagString(row.pnag_string, { width: 1.0 });
  assert.deepEqual(await source.accuracy([arch]), [archive.get(arch)?.metrics.top1]);
  assert.equal(source.known().length, 2162);
});

test('an architecture the archive has no top-1 for is an InputError naming it', async () => {
  const archive = Archive.inMemory();
  importFile(archive, nasdataPath(HELP_LATENCY_CSV));
  const row = readNasdataCsv(HELP_LATENCY_CSV).rows[0].values;
  const arch = parsePnagString(row.pnag_string, { resolution: Number(row.r) });
  const source = new ArchiveAccuracySource(archive);
  await assert.rejects(source.accuracy([arch]), (e: unknown) => e instanceof InputError && e.message.includes(row.pnag_string) && /no top1/.test(e.message));
});
