/// <reference types="mocha" />
// Entry point VS Code loads as `extensionTestsPath` (the code-server harness). @vscode/test-cli has its own
// runner and loads the *.test.js files directly, so nothing here may be needed by the tests themselves.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Lines the harness looks for (test/vscode/harness/extensionHostTests.mjs): where the run starts, and its counts. */
export const START_MARKER = 'PNAG-EXTENSION-HOST-START';
export const RESULT_PREFIX = 'PNAG-EXTENSION-HOST-RESULT';

export function run(): Promise<void> {
  return runSuiteFiles((name) => name.endsWith('.test.js'));
}

/** Runs the compiled suite files `include` picks (another entry point, such as untrustedIndex.ts, picks others). */
export function runSuiteFiles(include: (fileName: string) => boolean): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  for (const file of readdirSync(__dirname).filter(include).sort()) {
    mocha.addFile(join(__dirname, file));
  }
  console.log(START_MARKER);
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = runner.stats?.passes ?? 0;
      const failed = runner.stats?.failures ?? failures;
      console.log(`${RESULT_PREFIX} ${JSON.stringify({ passed, failed })}`);
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
  });
}
