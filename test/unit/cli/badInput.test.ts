import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type CliResult, runCli } from './runCli';

const PNAG = '2,3,3,3,3:3,3,0,0,3,5,3,0,3,3,5,0,3,3,5,0,5,5,7,0:3,3,0,0,4,3,3,0,4,4,4,0,4,6,6,0,6,6,3,0';

/** Every usage error: exit 2, nothing on stdout, one line on stderr. */
function assertBadInput(r: CliResult, pattern: RegExp, what: string): void {
  assert.equal(r.status, 2, `${what}: exit ${r.status}\n${r.stderr}`);
  assert.equal(r.stdout, '', what);
  assert.equal(r.stderr.trim().split('\n').length, 1, `${what}: ${r.stderr}`);
  assert.match(r.stderr, pattern, what);
}

test('a folder where a file is expected is one line and exit 2, before any work', () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-dirs-'));
  mkdirSync(join(ws, 'folder'));
  const csv = join(ws, 'rows.csv');
  require('node:fs').writeFileSync(csv, 'arch,top1\n');
  const cases: [string[], RegExp][] = [
    [['import', csv, '--archive', 'folder'], /--archive .*folder: is a folder; give a file/],
    [['import', 'folder'], /import .*folder: is a folder; give a file/],
    [['predict', '--source', `archive:${join(ws, 'folder')}`, '--arch', PNAG], /folder: is a folder; give a file/],
    [['train', '--accuracy', 'proxy:madds', '--archive', 'folder'], /--archive .*folder: is a folder/],
    [['train', '--accuracy', 'proxy:madds', '--out', 'folder', '--archive-size', '4000'], /--out .*folder: is a folder/],
    [['generate', '--checkpoint', 'folder', '--budget', '400M'], /--checkpoint .*folder: is a folder/],
    [['lut', 'build', '--out', csv], /--out .*rows\.csv: is a file; give a folder/],
  ];
  for (const [args, pattern] of cases) {
    const started = Date.now();
    assertBadInput(runCli(args, { cwd: ws }), pattern, args.join(' '));
    assert.ok(Date.now() - started < 30_000, `${args.join(' ')} did no work first`);
  }
  assert.deepEqual(readdirSync(join(ws, 'folder')), [], 'nothing was written into the folder');
});

test('every numeric option is checked against its documented range while parsing: exit 2, one line naming the range', () => {
  const cases: [string[], RegExp][] = [
    [['train', '--k', '100000'], /--k: 100000 is not in 2\.\.50/],
    [['train', '--archive-size', '1e9'], /--archive-size: 1000000000 is not in 4\.\.100,000/],
    [['train', '--evaluator-epochs', '1e9'], /--evaluator-epochs: 1000000000 is not in 1\.\.100/],
    [['train', '--evaluator-epochs', '0'], /--evaluator-epochs: 0 is not in 1\.\.100/],
    [['train', '--evaluator-epochs', '-1'], /--evaluator-epochs: -1 is not in/],
    [['train', '--generator-steps', '0'], /--generator-steps: 0 is not in 1\.\.10,000/],
    [['train', '--seed', '-1'], /--seed: -1 is not in 0\.\./],
    [['train', '--evaluator-timeout', '0'], /--evaluator-timeout: 0 is not in 1\.\.86,400/],
    [['train', '--evaluator-concurrency', '2.5'], /--evaluator-concurrency: 2\.5 is not in 1\.\.64 \(whole numbers\)/],
    [['generate', '--budget', '400M', '--source-queries', '-1'], /--source-queries: -1 is not in 0\.\.5,000/],
    [['generate', '--budget', '400M', '--source-queries', '2.5'], /--source-queries: 2\.5 is not in/],
    [['generate', '--budget', '400M', '--source-queries', '1e9'], /--source-queries: 1000000000 is not in/],
    [['generate', '--budget', '400M', '--best-of', 'lots'], /--best-of: "lots" is not a number/],
    [['generate', '--budget', '400M', '--best-of', '0x10'], /--best-of: "0x10" is not a number/],
    [['latency', '--arch', PNAG, '--lut', 'note10', '--measure'], /--lut reads a table and --measure times the network here; give one of them/],
    [['lut', 'build', '--out', 'x', '--repeats', '0'], /--repeats: 0 is not in 1\.\.200/],
    [['lut', 'build', '--out', 'x', '--warmup', '1e6'], /--warmup: 1000000 is not in 0\.\.100/],
    [['latency', '--arch', PNAG, '--measure', '--runs', '1e9'], /--runs: 1000000000 is not in 1\.\.10,000/],
  ];
  const ws = mkdtempSync(join(tmpdir(), 'pnag-ranges-'));
  for (const [args, pattern] of cases) assertBadInput(runCli(args, { cwd: ws }), pattern, args.join(' '));
  assert.deepEqual(readdirSync(ws), [], 'nothing was written');
});

test('every lut build usage error exits 2 (a missing --out too)', () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-lutusage-'));
  const cases: [string[], RegExp][] = [
    [['lut', 'build'], /required option '--out <dir>' not specified/],
    [['lut', 'build', '--out', 'x', '--clock', 'sundial'], /--clock/],
    [['lut', 'build', '--out', 'x', '--backend', 'gpu'], /--backend/],
    [['lut', 'build', '--out', 'x', '--resolutions', '160,abc'], /--resolutions: "abc" is not an integer/],
    [['lut', 'build', '--out', 'x', '--threads', '2'], /--threads sets ONNX Runtime's threads/],
    [['lut', 'build', '--out', 'x', '--bogus'], /unknown option '--bogus'/],
    [['lut', 'frobnicate'], /unknown command 'frobnicate'/],
  ];
  for (const [args, pattern] of cases) assertBadInput(runCli(args, { cwd: ws }), pattern, args.join(' '));
  assert.deepEqual(readdirSync(ws), []);
});

test('a deeply nested --arch is refused in one line, and a long bad value is quoted in at most about 100 characters', () => {
  const deep = `{"ks":${'['.repeat(5000)}1${']'.repeat(5000)}}`;
  assertBadInput(runCli(['cost', '--arch', deep]), /architecture: JSON nested more than 64 levels deep/, 'deep --arch');
  const long = runCli(['train', '--k', '7'.repeat(5000)]);
  assertBadInput(long, /--k: /, 'long --k');
  assert.ok(long.stderr.length < 200, long.stderr);
  const longArch = runCli(['cost', '--arch', `{"ks": "${'x'.repeat(5000)}"}`]);
  assertBadInput(longArch, /expected a list of numbers/, 'long --arch value');
  assert.ok(longArch.stderr.length < 250, longArch.stderr);
});

test('under --json an error is also one JSON object on stderr naming the field', () => {
  const bad = runCli(['train', '--k', '1', '--json']);
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, '');
  const error = JSON.parse(bad.stderr) as { error: string; field: string | null };
  assert.match(error.error, /--k: 1 is not in 2\.\.50/);
  assert.equal(error.field, '--k');

  const arch = runCli(['cost', '--arch', 'nonsense', '--json']);
  assert.equal(arch.status, 2);
  assert.match((JSON.parse(arch.stderr) as { error: string }).error, /architecture: expected a PNAG string/);

  // From the engine worker too: the job refuses the budgets and the field survives the thread boundary.
  const worker = runCli(['train', '--accuracy', 'proxy:madds', '--budgets', '1:2', '--json'], { cwd: mkdtempSync(join(tmpdir(), 'pnag-jsonerr-')) });
  assert.equal(worker.status, 2, worker.stderr);
  assert.deepEqual(Object.keys(JSON.parse(worker.stderr) as object), ['error', 'field']);
  assert.equal((JSON.parse(worker.stderr) as { field: string }).field, '--budgets');

  const usage = runCli(['cost', '--json']);
  assert.equal(usage.status, 2);
  assert.match((JSON.parse(usage.stderr) as { error: string }).error, /required option '--arch <arch>'/);
});

test('--version prints the version in package.json', () => {
  const manifest = JSON.parse(readFileSync(resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
  const r = runCli(['--version']);
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim(), manifest.version);
});

test('a named pipe or a device where a file is read or written is one line and exit 2, at once: a pipe hung pnag past SIGTERM, --out /dev/null replaced the device', () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-special-'));
  execFileSync('mkfifo', [join(ws, 'pipe')]);
  const cases: [string[], RegExp][] = [
    [['generate', '--checkpoint', 'pipe', '--budget', '400M'], /checkpoint .*pipe: not a regular file \(a named pipe\)/],
    [['predict', '--source', 'archive:pipe', '--arch', PNAG], /archive pipe: not a regular file \(a named pipe\)/],
    [['import', 'pipe', '--format', 'csv'], /pipe: not a regular file \(a named pipe\)/],
    [['frontier', '--archive', 'pipe'], /archive .*pipe: not a regular file \(a named pipe\)/],
    [['import', '/dev/zero', '--format', 'csv'], /\/dev\/zero: not a regular file \(a character device\)/],
    [['train', '--accuracy', 'proxy:madds', '--archive-size', '40', '--out', '/dev/null'], /--out \/dev\/null: holds something that is not a regular file/],
    [['train', '--accuracy', 'proxy:madds', '--archive-size', '40', '--out', 'pipe'], /--out .*pipe: holds something that is not a regular file/],
    // Training first for a generator whose table is missing: the table's error alone, not "training one first" before it.
    [['generate', '--cost', 'lut:/nonexistent-tables', '--budget', '45ms'], /\/nonexistent-tables: cannot read the latency table \(ENOENT\)/],
  ];
  for (const [args, pattern] of cases) assertBadInput(runCli(args, { cwd: ws, timeoutMs: 60_000 }), pattern, args.join(' '));
  assert.ok(statSync('/dev/null').isCharacterDevice(), '/dev/null is still the device');
  assert.deepEqual(readdirSync(ws), ['pipe'], 'nothing was written beside the pipe (no lock, no archive)');
});

test('under --json a bad --budget or --arch is one JSON object naming that option, with no note before it', () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-fields-'));
  const cases: [string[], string, RegExp][] = [
    [['generate', '--budget', '450', '--json'], '--budget', /add a unit/],
    [['generate', '--budget', '33ms', '--json'], '--budget', /expected multiply-adds/],
    [['cost', '--arch', '2,3,3', '--json'], '--arch', /./],
    [['predict', '--source', 'proxy:madds', '--arch', 'nonsense', '--json'], '--arch', /./],
  ];
  for (const [args, field, pattern] of cases) {
    const r = runCli(args, { cwd: ws });
    assertBadInput(r, pattern, args.join(' '));
    const error = JSON.parse(r.stderr) as { error: string; field: string | null };
    assert.equal(error.field, field, args.join(' '));
  }
});
