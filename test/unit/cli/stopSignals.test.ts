import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve(__dirname, '..', '..', '..', 'src', 'cli', 'main.ts');
const TSX = require.resolve('tsx');
const PIDFILE_EVALUATOR = resolve(__dirname, '..', '..', 'fixtures', 'evaluators', 'pidfile.mjs');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  test(`${signal} to pnag train stops the evaluator's processes (its shell too) and exits ${code}`, { timeout: 120_000 }, async () => {
    const ws = mkdtempSync(join(tmpdir(), 'pnag-signal-'));
    const pidfile = join(ws, 'evaluator.pid');
    const evaluator = `eval:"${process.execPath}" "${PIDFILE_EVALUATOR}" --pidfile "${pidfile}"; true`;
    const child = spawn(process.execPath, ['--import', TSX, MAIN, 'train', '--accuracy', evaluator, '--archive-size', '8', '--evaluator-timeout', '600'], {
      cwd: ws,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (exitCode) => done(exitCode)));
    assert.ok(await waitFor(() => existsSync(pidfile) && readFileSync(pidfile, 'utf8').includes(' '), 60_000), `the evaluator never got a request:\n${stderr}`);
    const [pid, shell] = readFileSync(pidfile, 'utf8').split(' ').map(Number);
    assert.ok(alive(pid) && alive(shell));
    child.kill(signal);
    try {
      assert.equal(await exited, code, stderr);
      assert.ok(await waitFor(() => !alive(pid) && !alive(shell), 5000), `evaluator ${pid} or its shell ${shell} still running after pnag exited`);
    } finally {
      // A failure must not leave the test's own evaluator behind.
      for (const left of [pid, shell]) if (alive(left)) process.kill(left, 'SIGKILL');
    }
  });
}
