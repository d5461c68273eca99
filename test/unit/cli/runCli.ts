import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const MAIN = resolve(__dirname, '..', '..', '..', 'src', 'cli', 'main.ts');
// Resolved here, so the CLI can run in any folder (a temporary workspace has no node_modules).
const TSX = require.resolve('tsx');

/** Runs the CLI from sources in a child process, as a user would run `pnag ...`; `env` replaces this process's. */
export function runCli(args: string[], options: { cwd?: string; input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd: options.cwd,
    input: options.input,
    env: options.env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
