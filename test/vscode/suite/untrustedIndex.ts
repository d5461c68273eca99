// Entry point for the restricted-mode run (test/vscode/harness/untrustedRun.mjs): only the *.untrusted.js
// files, which expect a workspace VS Code does not trust. The main index never loads them.
import { runSuiteFiles } from './index';

export function run(): Promise<void> {
  return runSuiteFiles((name) => name.endsWith('.untrusted.js'));
}
