import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '..', '..', '..');
const QUICK = ['--accuracy', 'proxy:madds', '--archive-size', '60', '--evaluator-epochs', '1', '--k', '3'];

/** dist/cli.js and dist/worker.js as the build makes them, into a folder of the clone (it finds node_modules' wasm). */
async function bundleCli(): Promise<string> {
  const esbuild = await import('esbuild');
  const { nodeBundleOptions } = (await import(pathToFileURL(join(ROOT, 'scripts', 'bundleOptions.mjs')).href)) as {
    nodeBundleOptions: (production: boolean) => Record<string, unknown>;
  };
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'out', 'sigint-test-'));
  await esbuild.build({
    ...nodeBundleOptions(true),
    entryPoints: { cli: join(ROOT, 'src', 'cli', 'main.ts'), worker: join(ROOT, 'src', 'worker', 'engineWorker.ts') },
    outdir: dir,
    logLevel: 'error',
    absWorkingDir: ROOT,
  });
  return dir;
}

test('the bundled CLI exits within 2 s of Ctrl-C during training, exit 130, keeping the previous checkpoint', { timeout: 180_000 }, async (t) => {
  const dir = await bundleCli();
  const cli = join(dir, 'cli.js');
  const ws = mkdtempSync(join(tmpdir(), 'pnag-sigint-'));
  try {
    const first = spawnSync(process.execPath, [cli, 'train', ...QUICK, '--generator-steps', '3', '--json'], { cwd: ws, encoding: 'utf8', timeout: 120_000 });
    assert.equal(first.status, 0, first.stderr);
    const checkpoint = (JSON.parse(first.stdout) as { checkpoint: string }).checkpoint;
    const before = readFileSync(checkpoint, 'utf8');

    const child = spawn(process.execPath, [cli, 'train', ...QUICK, '--generator-steps', '10000', '--seed', '9'], { cwd: ws, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const exited = new Promise<{ code: number | null; at: number }>((done) => child.on('exit', (code) => done({ code, at: Date.now() })));
    // Training is under way once the generator phase reports.
    await new Promise<void>((ready, fail) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/generator \d+\/10000/.test(stderr)) ready();
      });
      child.on('exit', () => fail(new Error(`exited before training got under way:\n${stderr}`)));
    });
    await new Promise((r) => setTimeout(r, 500));
    const sent = Date.now();
    child.kill('SIGINT');
    const { code, at } = await exited;
    t.diagnostic(`exit ${at - sent} ms after SIGINT`);
    assert.equal(code, 130, stderr);
    assert.ok(at - sent < 2000, `exited ${at - sent} ms after SIGINT`);
    assert.match(stderr, /pnag: cancelled; the last good checkpoint is kept/);
    assert.equal(readFileSync(checkpoint, 'utf8'), before, 'the previous checkpoint is as it was');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(ws, { recursive: true, force: true });
  }
});

test('the bundled CLI stops a latency-table build within 2 s of Ctrl-C, keeping every operator timed so far', { timeout: 180_000 }, async (t) => {
  const dir = await bundleCli();
  const ws = mkdtempSync(join(tmpdir(), 'pnag-lut-sigint-'));
  try {
    const child = spawn(process.execPath, [join(dir, 'cli.js'), 'lut', 'build', '--resolutions', '224,208', '--repeats', '200', '--out', 't'], {
      cwd: ws,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<{ code: number | null; at: number }>((done) => child.on('exit', (code) => done({ code, at: Date.now() })));
    // The first group of operators has been written once progress passes it.
    await new Promise<void>((ready, fail) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (/\[(1[7-9]|[2-9]\d)\/192\]/.test(output)) ready();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', () => fail(new Error(`exited before the first group was timed:\n${output}`)));
    });
    const sent = Date.now();
    child.kill('SIGINT');
    const { at } = await exited;
    t.diagnostic(`exit ${at - sent} ms after SIGINT`);
    assert.ok(at - sent < 2000, `exited ${at - sent} ms after SIGINT`);
    assert.match(output, /interrupted; run the same command again to resume/);
    const table = readFileSync(join(ws, 't', '224_lookup_table.yaml'), 'utf8');
    assert.ok((table.match(/mean:/g) ?? []).length >= 16, 'the first group is kept');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(ws, { recursive: true, force: true });
  }
});
