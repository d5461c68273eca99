import { fork } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs the bundled CLI (dist/cli.js) in a child process and resolves to its stdout. File parsing and
 * accuracy queries run there so they never stall the extension host; a failure carries the CLI's one-line
 * message (it prints no stack traces).
 */
export function runCli(extensionPath: string, args: readonly string[], signal?: AbortSignal): Promise<string> {
  const cli = join(extensionPath, 'dist', 'cli.js');
  return new Promise((resolve, reject) => {
    const child = fork(cli, [...args], { silent: true, execArgv: [], signal });
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(out.trim());
      else reject(new Error(err.trim().split('\n').pop()?.replace(/^pnag: /, '') || `pnag ${args[0]} exited with code ${code}`));
    });
  });
}
