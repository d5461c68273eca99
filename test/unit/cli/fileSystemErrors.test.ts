import test from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { fileSystemProblem } from '../../../src/core/util/fileSystemError';
import { action, EXIT_BAD_INPUT, EXIT_FAILURE } from '../../../src/cli/io';
import { jobErrorOf } from '../../../src/worker/engineServer';

/** An error shaped like the ones Node's fs calls throw. */
function errnoError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, ${syscall} '${path}'`), { code, syscall, path, errno: -28 });
}

/** Runs a command action that throws, capturing what it writes on stderr and the exit code it sets. */
async function runFailing(error: unknown, json = false): Promise<{ stderr: string; exitCode: number | undefined }> {
  const write = process.stderr.write.bind(process.stderr);
  const saved = process.exitCode;
  let stderr = '';
  process.stderr.write = ((text: string) => {
    stderr += text;
    return true;
  }) as typeof process.stderr.write;
  try {
    const command = new Command('x').option('--json');
    if (json) command.parse(['--json'], { from: 'user' });
    await action((_options: unknown, _command: Command) => {
      throw error;
    })(command.opts(), command);
    return { stderr, exitCode: process.exitCode as number | undefined };
  } finally {
    process.stderr.write = write;
    process.exitCode = saved;
  }
}

test('a full disk or a read-only folder is one line naming the path, exit 2; under --json one JSON object', async () => {
  const full = await runFailing(errnoError('ENOSPC', 'write', '/data/.pnag/archive.jsonl'));
  assert.equal(full.stderr, 'pnag: /data/.pnag/archive.jsonl: no space left on the device (ENOSPC)\n');
  assert.equal(full.exitCode, EXIT_BAD_INPUT);
  const readOnly = await runFailing(errnoError('EROFS', 'open', '/ro/generator.ckpt.json'), true);
  assert.deepEqual(JSON.parse(readOnly.stderr), { error: '/ro/generator.ckpt.json: the file system is read-only (EROFS)', field: null });
  assert.equal(readOnly.exitCode, EXIT_BAD_INPUT);
  // A bug stays a failure of the tool, with its first line only.
  const bug = await runFailing(new TypeError('x is undefined\n    at somewhere'));
  assert.equal(bug.stderr, 'pnag: x is undefined\n');
  assert.equal(bug.exitCode, EXIT_FAILURE);
});

test('the engine worker reports a file-system error as bad input naming the path, so the CLI exits 2 with it', () => {
  const signal = new AbortController().signal;
  assert.deepEqual(jobErrorOf(errnoError('ENOSPC', 'write', '/w/.pnag/archive.jsonl'), signal), {
    kind: 'input',
    message: '/w/.pnag/archive.jsonl: no space left on the device (ENOSPC)',
  });
  assert.equal(jobErrorOf(new Error('boom'), signal).kind, 'internal');
  assert.equal(fileSystemProblem(new Error('no code')), undefined);
  assert.match(fileSystemProblem(errnoError('EISDIR', 'open', `/${'d'.repeat(500)}`)) ?? '', /^\/d{90,99}\.\.\.: is a folder, not a file \(EISDIR\)$/);
});

test('an input error from the engine worker keeps the field it names, for --json errors', async () => {
  const { InputError } = await import('../../../src/core/errors');
  const { errorOfReply } = await import('../../../src/worker/engineClient');
  const { parseWorkerToHost } = await import('../../../src/shared/engineProtocol');
  const reply = jobErrorOf(new InputError('--k: 1 is not in 2..50 (whole numbers)', '--k'), new AbortController().signal);
  assert.deepEqual(reply, { kind: 'input', message: '--k: 1 is not in 2..50 (whole numbers)', field: '--k' });
  const message = parseWorkerToHost({ type: 'error', id: 1, error: reply });
  assert.ok(message && message.type === 'error');
  const error = errorOfReply(message.error);
  assert.ok(error instanceof InputError);
  assert.equal(error.field, '--k');
});
