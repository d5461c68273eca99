import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { maddsM } from '../../../src/core/cost/madds';
import { randomArch } from '../../../src/core/space/arch';
import { toPnagString } from '../../../src/core/space/pnagString';
import type { Width } from '../../../src/core/space/searchSpace';
import { Random } from '../../../src/core/util/random';
import { runCli } from './runCli';

// Issue 14 as a user meets it: an evaluator behind the JSON Lines protocol, every request counted at its end.
const COUNTING_EVALUATOR = resolve(__dirname, '..', '..', 'fixtures', 'evaluators', 'counting.mjs');

// At w1.0 (DyNAS-T's width) f(B)'s networks are spelled at w1.2 and moved to w1.0 before they are costed and asked.
const WIDTHS = [{ width: '1.2', budgets: '250:650', budget: 450 }, { width: '1.0', budgets: '150:420', budget: 300 }];

for (const { width, budgets, budget } of WIDTHS) test(`pnag train --evaluations at width ${width} pays for exactly that many evaluations less one per budget, asks nothing twice, and a rerun asks nothing; generate measures its pick`, { timeout: 600_000 }, () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-evaluations-cli-'));
  const log = join(ws, 'requests.log');
  const evaluator = `eval:"${process.execPath}" "${COUNTING_EVALUATOR}" --log "${log}"`;
  const requests = (): string[] => readFileSync(log, 'utf8').split('\n').filter((l) => l !== '');
  const train = ['train', '--accuracy', evaluator, '--cost', 'madds', '--evaluations', '60', '--budgets', budgets, '--k', '3', '--width', width,
    '--evaluator-epochs', '1', '--generator-steps', '2', '--backend', 'wasm', '--out', 'g.ckpt.json'];

  const first = runCli(train, { cwd: ws, timeoutMs: 300_000 });
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /evaluations: 60 in all — \d+ for a coverage design .* 3 kept for generation/);
  assert.equal(requests().length, 57, 'the evaluator was sent the total less the three kept for generation');
  assert.match(first.stdout, /Data: +32 architectures \+ 25 from frontier rounds \(57 queried now, 0 from the archive\)/);
  assert.equal(new Set(requests()).size, 57, 'no architecture was asked twice');
  const archive = Archive.open(join(ws, '.pnag', 'archive.jsonl'));
  assert.equal(archive.size, 57, 'every answer is in the archive');
  const lines = readFileSync(join(ws, '.pnag', 'archive.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 57, 'one line an evaluation: the evaluator keeps its answers, and training does not write them again');

  const again = runCli(train, { cwd: ws, timeoutMs: 300_000 });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /57 already in .* count as spent and are not asked again/);
  assert.equal(requests().length, 57, 'the rerun resumed from the archive');

  // A larger budget later pays only for the difference: its rounds never ask about what the archive holds.
  const more = runCli([...train.slice(0, train.indexOf('--evaluations') + 1), '80', ...train.slice(train.indexOf('--evaluations') + 2)], { cwd: ws, timeoutMs: 300_000 });
  assert.equal(more.status, 0, more.stderr);
  assert.equal(requests().length, 77, 'the 20 more evaluations, no more');
  assert.equal(new Set(requests()).size, 77, 'nothing archived was asked again');

  const generated = runCli(['generate', '--checkpoint', 'g.ckpt.json', '--budget', `${budget}M`, '--accuracy', evaluator, '--json', '--backend', 'wasm'], { cwd: ws });
  assert.equal(generated.status, 0, generated.stderr);
  const result = JSON.parse(generated.stdout) as { madds_M: number; top1: number };
  assert.ok(result.madds_M <= budget);
  assert.ok(requests().length <= 78, 'generation measures one pick at most');
  const bestMeasured = Math.max(...Archive.open(join(ws, '.pnag', 'archive.jsonl')).withMetric('top1').filter((r) => maddsM(r.arch, 'pnag') <= budget).map((r) => r.metrics.top1));
  assert.ok(result.top1 >= bestMeasured, `the answer (${result.top1}) is never worse than the best measured within the budget (${bestMeasured})`);

  // No source named (the Frontier view's sweep never starts an evaluator): nothing is measured, and the training's own
  // word on the answer comes with what it is.
  const before = requests().length;
  const unasked = runCli(['generate', '--checkpoint', 'g.ckpt.json', '--budget', `${budget}M`, '--json', '--backend', 'wasm'], { cwd: ws });
  assert.equal(unasked.status, 0, unasked.stderr);
  const told = JSON.parse(unasked.stdout) as { top1: number | null; predicted_top1?: number; predicted_from?: string };
  assert.equal(told.top1, null);
  assert.ok(told.predicted_top1 !== undefined && told.predicted_top1 > 0 && told.predicted_top1 <= 100, unasked.stdout);
  assert.match(told.predicted_from ?? '', /^(frontier memory \(measured during training\)|accuracy model \(predicted\))$/);
  assert.equal(requests().length, before, 'nothing was evaluated');

  // What the source measured after training (an earlier generation's pick; here one written into the archive) answers
  // too when it beats the pick: an answer is never worse than a network measured within the budget, and costs nothing.
  const store = Archive.open(join(ws, '.pnag', 'archive.jsonl'));
  const rng = new Random(3);
  let later = randomArch(rng, { width: Number(width) as Width });
  while (maddsM(later, 'pnag') > budget || store.has(later)) later = randomArch(rng, { width: Number(width) as Width });
  store.add({ arch: later, metrics: { top1: 99.5 }, provenance: { source: 'an earlier generation' } });
  const asked = requests().length;
  const regenerated = runCli(['generate', '--checkpoint', 'g.ckpt.json', '--budget', `${budget}M`, '--accuracy', evaluator, '--json', '--backend', 'wasm'], { cwd: ws });
  assert.equal(regenerated.status, 0, regenerated.stderr);
  const answer = JSON.parse(regenerated.stdout) as { pnag: string; top1: number };
  assert.equal(answer.pnag, toPnagString(later));
  assert.equal(answer.top1, 99.5);
  assert.equal(requests().length, asked, 'nothing asked: the pick was measured before or loses to the archive');
});

test('pnag train --evaluations with an evaluator that fails on deep networks: a failure is paid for once, archived with its reason, counted as spent by a rerun and never sent again; --forget-failures does not count it', { timeout: 600_000 }, () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-evaluations-failures-'));
  const log = join(ws, 'requests.log');
  const evaluator = `eval:"${process.execPath}" "${COUNTING_EVALUATOR}" --log "${log}" --fail-deep 17`;
  const requests = (): string[] => readFileSync(log, 'utf8').split('\n').filter((l) => l !== '');
  const deep = (pnag: string): boolean => pnag.split(':')[0].split(',').reduce((a, d) => a + Number(d), 0) >= 17;
  const train = (total: number, ...more: string[]): ReturnType<typeof runCli> => runCli(['train', '--accuracy', evaluator, '--cost', 'madds',
    '--evaluations', String(total), '--budgets', '250:650', '--k', '3', '--evaluator-epochs', '1', '--generator-steps', '2', '--backend', 'wasm',
    '--out', 'g.ckpt.json', ...more], { cwd: ws, timeoutMs: 300_000 });
  const failedLines = (): { pnag: string; metrics: Record<string, number>; provenance: { error?: string } }[] =>
    readFileSync(join(ws, '.pnag', 'archive.jsonl'), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l)).filter((l) => l.metrics.failed !== undefined);

  const first = train(60);
  assert.equal(first.status, 0, first.stderr);
  const failed = requests().filter(deep);
  assert.ok(failed.length >= 3, `the evaluator failed on some networks (${failed.length})`);
  assert.equal(requests().length, 57, 'the total less the three kept for generation: a failure is paid for like an answer');
  assert.equal(new Set(requests()).size, 57, 'no network asked twice, not even the finished ones of a batch with a failure');
  assert.deepEqual(failedLines().map((l) => l.pnag).sort(), failed.slice().sort(), 'every failure archived, once');
  assert.ok(failedLines().every((l) => l.metrics.failed === 1 && /CUDA out of memory/.test(l.provenance.error ?? '')), 'with the evaluator\'s reason');

  const again = train(60);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, new RegExp(`${failed.length} networks .* failed on earlier count as spent and are not asked again \\(first: the evaluator reported: CUDA out of memory`));
  assert.equal(requests().length, 57, 'the rerun asks nothing: the failures were paid for');

  const more = train(80);
  assert.equal(more.status, 0, more.stderr);
  assert.equal(requests().length, 77, 'the 20 more evaluations, no more');
  assert.equal(new Set(requests()).size, 77, 'nothing archived, failed or not, was asked again');

  const failedBefore = new Set(requests().filter(deep)).size;
  const forgetting = train(80, '--forget-failures');
  assert.equal(forgetting.status, 0, forgetting.stderr);
  assert.match(forgetting.stderr, new RegExp(`${failedBefore} networks .* are forgotten \\(--forget-failures, pnag.forgetFailures\\)`));
  assert.equal(requests().length, 77 + failedBefore, 'the failures no longer count as spent: as many evaluations again');
});

test('pnag generate with an evaluator that fails on its pick: the best measured network within the budget answers, the failure is archived and never asked again', { timeout: 600_000 }, () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-generate-failure-'));
  const log = join(ws, 'requests.log');
  const requests = (): string[] => readFileSync(log, 'utf8').split('\n').filter((l) => l !== '');
  const trained = runCli(['train', '--accuracy', `eval:"${process.execPath}" "${COUNTING_EVALUATOR}" --log "${log}"`, '--cost', 'madds', '--evaluations', '40',
    '--budgets', '250:650', '--k', '3', '--evaluator-epochs', '1', '--generator-steps', '2', '--backend', 'wasm', '--out', 'g.ckpt.json'], { cwd: ws, timeoutMs: 300_000 });
  assert.equal(trained.status, 0, trained.stderr);
  // Now every evaluation fails (the GPU is smaller, say).
  const failing = `eval:"${process.execPath}" "${COUNTING_EVALUATOR}" --log "${log}" --fail-deep 0`;
  const generate = (...extra: string[]): ReturnType<typeof runCli> =>
    runCli(['generate', '--checkpoint', 'g.ckpt.json', '--budget', '450M', '--accuracy', failing, '--json', '--backend', 'wasm', ...extra], { cwd: ws });
  const asked = requests().length;
  const first = generate();
  assert.equal(first.status, 0, first.stderr);
  const answer = JSON.parse(first.stdout) as { pnag: string; top1: number; madds_M: number };
  const archive = Archive.open(join(ws, '.pnag', 'archive.jsonl'));
  const bestMeasured = Math.max(...archive.withMetric('top1').filter((r) => maddsM(r.arch, 'pnag') <= 450).map((r) => r.metrics.top1));
  assert.equal(answer.top1, bestMeasured, 'the best measured network within the budget answers');
  assert.ok(answer.madds_M <= 450);
  assert.match(first.stderr, /failed on the generated pick \(.*CUDA out of memory.*\); the best measured network within the budget/);
  assert.equal(requests().length, asked + 1, 'the pick was asked once');
  const failed = archive.withMetric('failed');
  assert.equal(failed.length, 1);
  assert.equal(toPnagString(failed[0].arch), requests()[asked]);
  assert.match(failed[0].provenance[0].source, /^pnag generate: /);

  const again = generate();
  assert.equal(again.status, 0, again.stderr);
  assert.equal((JSON.parse(again.stdout) as { top1: number }).top1, bestMeasured);
  assert.match(again.stderr, /archived earlier, not asked again/);
  assert.equal(requests().length, asked + 1, 'the failed pick was not asked again');

  // After a fix to the evaluator: --forget-failures asks it again.
  const forgetting = generate('--forget-failures');
  assert.equal(forgetting.status, 0, forgetting.stderr);
  assert.equal(requests().length, asked + 2, 'the failed pick was asked again');
  assert.equal(requests()[asked + 1], requests()[asked]);
});

test('pnag train --evaluations with an evaluator that fails on everything stops, and archives none of its failures: they say nothing about the networks', { timeout: 300_000 }, () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-evaluations-broken-'));
  const log = join(ws, 'requests.log');
  const broken = runCli(['train', '--accuracy', `eval:"${process.execPath}" "${COUNTING_EVALUATOR}" --log "${log}" --fail-deep 0`, '--cost', 'madds',
    '--evaluations', '60', '--budgets', '250:650', '--k', '3', '--backend', 'wasm', '--out', 'g.ckpt.json'], { cwd: ws, timeoutMs: 120_000 });
  // Exit 1, as for any evaluator that failed every retry, with its reason and no stack: it is not a bug of PNAG.
  assert.equal(broken.status, 1, broken.stderr);
  assert.match(broken.stderr, /all 16 evaluations failed; first: .*CUDA out of memory/);
  assert.doesNotMatch(broken.stderr, /^\s+at /m, 'no stack trace for a failing user evaluator');
  const archived = join(ws, '.pnag', 'archive.jsonl');
  const lines = existsSync(archived) ? readFileSync(archived, 'utf8').split('\n').filter((l) => l !== '') : [];
  assert.equal(lines.length, 0, 'after the fix, nothing counts as spent and every network may be asked');
});

test('pnag generate --source-queries with an evaluator that fails on deep networks: the search goes on, its failures are archived and a later search asks none of them again', { timeout: 600_000 }, () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-search-failures-'));
  const log = join(ws, 'requests.log');
  const requests = (): string[] => readFileSync(log, 'utf8').split('\n').filter((l) => l !== '');
  const deep = (pnag: string): boolean => pnag.split(':')[0].split(',').reduce((a, d) => a + Number(d), 0) >= 17;
  const evaluator = `eval:"${process.execPath}" "${COUNTING_EVALUATOR}" --log "${log}" --fail-deep 17`;
  const trained = runCli(['train', '--accuracy', evaluator, '--cost', 'madds', '--evaluations', '60', '--budgets', '250:650', '--k', '3',
    '--evaluator-epochs', '1', '--generator-steps', '2', '--backend', 'wasm', '--out', 'g.ckpt.json'], { cwd: ws, timeoutMs: 300_000 });
  assert.equal(trained.status, 0, trained.stderr);
  const failedKeys = (): string[] => Archive.open(join(ws, '.pnag', 'archive.jsonl')).withMetric('failed').map((r) => toPnagString(r.arch));
  const search = (budget: string): ReturnType<typeof runCli> =>
    runCli(['generate', '--checkpoint', 'g.ckpt.json', '--budget', budget, '--accuracy', evaluator, '--source-queries', '30', '--json', '--backend', 'wasm'], { cwd: ws });
  const before = requests().length;
  const failedBefore = failedKeys().length;
  const first = search('640M');
  assert.equal(first.status, 0, first.stderr);
  const asked = requests().slice(before);
  assert.ok(asked.length > 0 && asked.length <= 30, `${asked.length} asked`);
  const failedNow = asked.filter(deep);
  assert.ok(failedNow.length > 0, 'no network of the search failed: the test shows nothing');
  assert.match(first.stderr, /source search: .* failed on \d+ of the \d+ networks asked \(first: .*CUDA out of memory/);
  const answer = JSON.parse(first.stdout) as { pnag: string; top1: number; madds_M: number };
  assert.ok(!deep(answer.pnag) && answer.madds_M <= 640 && typeof answer.top1 === 'number');
  assert.equal(failedKeys().length, failedBefore + failedNow.length, 'every failure of the search archived once');

  const second = search('620M');
  assert.equal(second.status, 0, second.stderr);
  const failed = new Set(failedKeys().slice(0, failedBefore + failedNow.length));
  assert.ok(requests().slice(before + asked.length).every((pnag) => !failed.has(pnag)), 'a network that failed before was asked again');
});

test('pnag train --accuracy eval:… --cost lut:note10 then pnag generate --accuracy eval:… uses the generator that training wrote, with its cost model, though the defaults now pick the archive it filled and MAdds', { timeout: 600_000 }, () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-evaluations-default-checkpoint-'));
  const log = join(ws, 'requests.log');
  const evaluator = `eval:"${process.execPath}" "${COUNTING_EVALUATOR}" --log "${log}"`;
  const requests = (): number => readFileSync(log, 'utf8').split('\n').filter((l) => l !== '').length;
  // Issue 14's set-up: a latency table as the cost.
  const trained = runCli(['train', '--accuracy', evaluator, '--cost', 'lut:note10', '--evaluations', '60', '--budgets', '25:60', '--k', '3',
    '--evaluator-epochs', '1', '--generator-steps', '2', '--backend', 'wasm'], { cwd: ws, timeoutMs: 300_000 });
  assert.equal(trained.status, 0, trained.stderr);
  const checkpoint = join(ws, '.pnag', 'generator.ckpt.json');
  const before = readFileSync(checkpoint, 'utf8');
  assert.ok(Archive.open(join(ws, '.pnag', 'archive.jsonl')).withMetric('top1').length >= 50, 'the archive now holds enough measurements to be the defaults\' source');

  const asked = requests();
  const generated = runCli(['generate', '--budget', '40ms', '--accuracy', evaluator, '--json', '--backend', 'wasm'], { cwd: ws, timeoutMs: 120_000 });
  assert.equal(generated.status, 0, generated.stderr);
  assert.match(generated.stderr, /using .*generator\.ckpt\.json \(trained on eval:.*, lut:note10\)/);
  const result = JSON.parse(generated.stdout) as { cost: number; cost_unit: string; top1: number | null };
  assert.equal(result.cost_unit, 'ms');
  assert.ok(result.cost <= 40, `${result.cost} ms within 40 ms`);
  assert.equal(typeof result.top1, 'number', 'the evaluator named answers for the pick');
  assert.ok(requests() <= asked + 1, 'one evaluation at most, and no training');
  assert.equal(readFileSync(checkpoint, 'utf8'), before, 'the generator was used as it is');

  // Without a source named, the defaults (the archive) decide, and a generator trained on another one is not replaced.
  const unnamed = runCli(['generate', '--budget', '450M', '--backend', 'wasm'], { cwd: ws, timeoutMs: 120_000 });
  assert.equal(unnamed.status, 2, unnamed.stderr);
  assert.match(unnamed.stderr, /trained on other sources .*--accuracy <the source it was trained on> to use it/);
  // Another command is another source: refused the same way, nothing run.
  const other = runCli(['generate', '--budget', '450M', '--accuracy', `${evaluator} --fail-deep 30`, '--backend', 'wasm'], { cwd: ws, timeoutMs: 120_000 });
  assert.equal(other.status, 2, other.stderr);
  assert.match(other.stderr, /trained on other sources/);
  // A cost model named is wanted as named: MAdds is not what this generator was trained on.
  const otherCost = runCli(['generate', '--budget', '450M', '--accuracy', evaluator, '--cost', 'madds', '--backend', 'wasm'], { cwd: ws, timeoutMs: 120_000 });
  assert.equal(otherCost.status, 2, otherCost.stderr);
  assert.match(otherCost.stderr, /trained on other sources \(eval:.*, lut:note10\) than the ones picked now \(eval:.*, madds\)/);
  assert.equal(readFileSync(checkpoint, 'utf8'), before);
  assert.ok(requests() <= asked + 1, 'the refused generations asked nothing');
});

test('Ctrl-C on pnag train --evaluations says how many evaluations were spent and that the same command goes on from them', { timeout: 300_000 }, async () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-evaluations-cancel-'));
  const log = join(ws, 'requests.log');
  const evaluator = `eval:"${process.execPath}" "${COUNTING_EVALUATOR}" --log "${log}"`;
  const child = spawn(process.execPath, ['--import', require.resolve('tsx'), resolve(__dirname, '..', '..', '..', 'src', 'cli', 'main.ts'), 'train', '--accuracy', evaluator,
    '--cost', 'madds', '--evaluations', '200', '--budgets', '250:650', '--k', '3', '--evaluator-epochs', '1', '--generator-steps', '5000', '--backend', 'wasm'],
  { cwd: ws, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  // The coverage design has been measured once the generator trains on it.
  await new Promise<void>((ready, fail) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/generator \d+\/5000/.test(stderr)) ready();
    });
    child.on('exit', () => fail(new Error(`exited before training got under way:\n${stderr}`)));
  });
  child.kill('SIGINT');
  assert.equal(await exited, 130, stderr);
  const asked = readFileSync(log, 'utf8').split('\n').filter((l) => l !== '').length;
  const said = /pnag: (\d+) evaluations spent so far; what they gave is kept in .*archive\.jsonl, and the same command goes on from there/.exec(stderr);
  assert.ok(said, stderr);
  assert.equal(Number(said[1]), asked, 'the count said is what the evaluator was sent');
  assert.equal(Archive.open(join(ws, '.pnag', 'archive.jsonl')).size, asked);
});

test('Ctrl-C on pnag train --evaluations while a batch is half answered: the count said is what the archive holds, and the same command starts from it', { timeout: 300_000 }, async () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-evaluations-cancel-batch-'));
  const log = join(ws, 'requests.log');
  const archived = join(ws, '.pnag', 'archive.jsonl');
  const lines = (file: string): number => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').length : 0);
  // Each batch of eight comes back one answer every 150 ms.
  const evaluator = `eval:"${process.execPath}" "${COUNTING_EVALUATOR}" --log "${log}" --stagger 150`;
  const args = (evaluations: number): string[] => ['train', '--accuracy', evaluator, '--cost', 'madds', '--evaluations', String(evaluations), '--budgets', '250:650',
    '--k', '3', '--evaluator-epochs', '1', '--generator-steps', '20', '--backend', 'wasm'];
  const child = spawn(process.execPath, ['--import', require.resolve('tsx'), resolve(__dirname, '..', '..', '..', 'src', 'cli', 'main.ts'), ...args(200)],
    { cwd: ws, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  // Cancelled in the frontier rounds (after the coverage design's 40) once a few answers of a batch are archived and the rest are still out.
  for (let waited = 0; !(lines(archived) >= 51 && lines(archived) % 8 !== 0 && lines(log) > lines(archived)); waited += 10) {
    assert.ok(waited < 120_000, `no half-answered batch:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill('SIGINT');
  assert.equal(await exited, 130, stderr);
  const said = /pnag: (\d+) evaluations spent so far; what they gave is kept in .*archive\.jsonl, and the same command goes on from there/.exec(stderr);
  assert.ok(said, stderr);
  const kept = lines(archived);
  assert.equal(Number(said[1]), kept, `the count said is what the archive holds (${lines(log)} were sent)`);
  // The same command counts exactly that many as spent.
  const again = runCli(args(kept + 40), { cwd: ws, timeoutMs: 200_000 });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, new RegExp(`evaluations: ${kept} already in .*archive\\.jsonl from .* count as spent and are not asked again`));
});
