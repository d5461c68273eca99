import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './runCli';

// Any folder, no configuration: the data PNAG ships answers.
const ARCH = '2,2,3,3,3:5,5,0,0,5,5,0,0,7,5,7,0,3,5,5,0,7,5,5,0:3,3,0,0,4,3,0,0,4,3,3,0,6,4,4,0,6,6,6,0';
const folder = () => mkdtempSync(join(tmpdir(), 'pnag-builtin-cli-'));
const env = { PATH: process.env.PATH ?? '' };

test('pnag predict --source ofa uses the predictor shipped in the package', () => {
  const result = runCli(['predict', '--source', 'ofa', '--arch', ARCH, '--json'], { cwd: folder(), env });
  assert.equal(result.status, 0, result.stderr);
  // docs/sources.md quotes 81.688 for this architecture with OFA's own file.
  assert.deepEqual(JSON.parse(result.stdout), { top1: 81.688, source: 'ofa-predictor' });
});

test('pnag latency --lut note10 / i7-8700k use the tables shipped in the package', () => {
  const note10 = runCli(['latency', '--lut', 'note10', '--arch', ARCH, '--json'], { cwd: folder(), env });
  assert.equal(note10.status, 0, note10.stderr);
  assert.deepEqual(JSON.parse(note10.stdout), { latency_ms: 32.311, device: 'note10' });
  const i7 = runCli(['latency', '--lut', 'i7-8700k', '--arch', ARCH, '--width', '1.0', '--resolution', '176', '--json'], { cwd: folder(), env });
  assert.equal(i7.status, 0, i7.stderr);
  const out = JSON.parse(i7.stdout) as { latency_ms: number; device: string };
  assert.equal(out.device, 'i7-8700K');
  assert.ok(out.latency_ms > 0);
});

test('pnag generate --cost lut:note10 answers a latency budget from the shipped Note10 generator; without it the error names that flag', () => {
  const cwd = folder();
  const latency = runCli(['generate', '--budget', '33ms', '--cost', 'lut:note10', '--json'], { cwd, env });
  assert.equal(latency.status, 0, latency.stderr);
  const out = JSON.parse(latency.stdout) as { cost: number; cost_unit: string; cost_model: string; generator?: string };
  assert.equal(out.cost_unit, 'ms');
  assert.ok(out.cost <= 33, `${out.cost} ms within 33 ms`);
  assert.equal(out.generator, 'built-in note10');
  assert.equal(existsSync(join(cwd, '.pnag')), false, 'a shipped generator writes nothing into the folder');

  // The defaults count MAdds: a budget in ms is refused (exit 2, one line) with the flag that would answer it.
  const unnamed = runCli(['generate', '--budget', '33ms'], { cwd, env });
  assert.equal(unnamed.status, 2, unnamed.stderr);
  assert.equal(unnamed.stderr.trim().split('\n').filter((l) => l.startsWith('pnag:')).length, 1, unnamed.stderr);
  assert.match(unnamed.stderr, /^pnag: budget "33ms": expected multiply-adds .*pass --cost lut:note10 \(shipped with PNAG\)/m);
  const params = runCli(['generate', '--budget', '5.2M params'], { cwd, env });
  assert.equal(params.status, 2, params.stderr);
  assert.match(params.stderr, /pass --cost params$/m);

  // --cost chooses among default generators; a named checkpoint has its own.
  const both = runCli(['generate', '--budget', '33ms', '--cost', 'lut:note10', '--checkpoint', 'any.ckpt.json'], { cwd, env });
  assert.equal(both.status, 2, both.stderr);
  assert.match(both.stderr, /^pnag: --cost: .*a --checkpoint has its own/m);
});
