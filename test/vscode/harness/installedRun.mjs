// The installed-package test's setup: the VSIX installed with code-server's own CLI into a
// fresh extensions folder (as a user's `code --install-extension` does), checks of the installed files, and
// one engine job run by the installed worker bundle on its own wasm binary.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { contentProblems } from '../../../scripts/packageContents.mjs';

/**
 * `code-server --install-extension <vsix> --extensions-dir <dir>` and the folder it installed to.
 * @returns {string} the installed extension's folder
 */
export function installVsix({ tools, vsix, dirs, env, manifest }) {
  const cli = join(tools.codeServerDir, 'out', 'node', 'entry.js');
  const result = spawnSync(
    tools.nodeBin,
    [cli, '--install-extension', vsix, '--extensions-dir', dirs.extensionsDir, '--user-data-dir', dirs.userDataDir],
    { env, encoding: 'utf8', timeout: 120_000 },
  );
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension failed (exit ${result.status ?? result.signal}):\n${output}`);
  }
  const prefix = `${manifest.publisher}.${manifest.name}-`.toLowerCase();
  const folder = readdirSync(dirs.extensionsDir).find((name) => name.toLowerCase().startsWith(prefix));
  if (!folder) throw new Error(`no ${prefix}* folder in ${dirs.extensionsDir} after the install`);
  return join(dirs.extensionsDir, folder);
}

function listFiles(root, dir = root) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(root, path) : [relative(root, path)];
  });
}

/** Problems with the installed folder: what scripts/package.mjs checks in the zip, on disk after install. */
export async function installedFileProblems(extensionDir) {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8'));
  const files = listFiles(extensionDir).filter((f) => f !== '.vsixmanifest');
  const problems = contentProblems(files, manifest);
  for (const file of files.filter((f) => f.endsWith('.wasm'))) {
    try {
      await WebAssembly.compile(readFileSync(join(extensionDir, file)));
    } catch (error) {
      problems.push(`${file} is not a valid WebAssembly module: ${error instanceof Error ? error.message : error}`);
    }
  }
  for (const file of files) {
    if (statSync(join(extensionDir, file)).size === 0) problems.push(`${file} is empty`);
  }
  return problems;
}

/**
 * One small generate job in the installed dist/worker.js, run by the VS Code server's Node in a worker
 * thread as the extension host would. It first trains a tiny generator (budgets 200-400 M MAdds) into
 * `<workspace>/.pnag/generator.ckpt.json`, where the extension looks for one. The engine forces the wasm
 * backend, so a missing or broken binary fails the job.
 * @returns {{ result: any, seconds: number }}
 */
export function runInstalledEngine({ nodeBin, extensionDir, workspace, env, timeoutMs = 90_000 }) {
  const workerFile = join(extensionDir, 'dist', 'worker.js');
  if (!existsSync(workerFile)) throw new Error(`${workerFile} is missing`);
  const request = {
    workspace,
    budget: '300M',
    bestOf: 0,
    train: { accuracy: 'proxy', archiveSize: 16, evaluatorEpochs: 1, generatorSteps: 2, k: 3, budgets: '200:400', seed: 1 },
  };
  // The job runs in a child process with the server's Node (24), not this test's Node.
  const script = `
    const { Worker } = require('node:worker_threads');
    const worker = new Worker(${JSON.stringify(workerFile)});
    worker.on('error', (e) => { console.log(JSON.stringify({ type: 'crash', message: String(e && e.stack || e) })); process.exit(1); });
    worker.on('message', (m) => {
      if (m.type === 'result' || m.type === 'error' || m.type === 'protocolError') {
        console.log(JSON.stringify(m));
        worker.terminate().then(() => process.exit(0));
      }
    });
    worker.postMessage({ type: 'generate', id: 1, request: ${JSON.stringify(request)} });
  `;
  const started = Date.now();
  const child = spawnSync(nodeBin, ['-e', script], { env, encoding: 'utf8', timeout: timeoutMs });
  const seconds = (Date.now() - started) / 1000;
  const lines = (child.stdout ?? '').trim().split('\n').filter(Boolean);
  let reply;
  try {
    reply = JSON.parse(lines.at(-1) ?? '');
  } catch {
    throw new Error(`the installed worker gave no reply (exit ${child.status ?? child.signal}): ${(child.stderr ?? '').slice(-1500)}`);
  }
  if (reply.type !== 'result') {
    throw new Error(`the installed worker failed: ${JSON.stringify(reply.error ?? reply).slice(0, 1500)}`);
  }
  return { result: reply.result, seconds };
}
