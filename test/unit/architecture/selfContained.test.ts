import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// A bare `git clone` must pass its tests: nothing the tests, benchmarks or scripts read may live outside the
// repository (the maintainers' `../shared` data folder in particular). .ci/run also runs the suite from a
// clone with no sibling folders; this test names the offending line without needing that run.
const ROOT = join(__dirname, '..', '..', '..');

/** Ways a path can leave the clone for the shared data folder, or any absolute machine path. */
const OUTSIDE_PATHS: readonly [RegExp, string][] = [
  [/\.\.(?:\/|\\{1,2})shared\b/, 'a ../shared path'],
  [/['"`]\.\.['"`]\s*,\s*['"`]shared['"`]/, "a '..', 'shared' path segment"],
  [/['"`]shared['"`]\s*,\s*['"`]nasdata['"`]/, "a 'shared', 'nasdata' path segment"],
  [/['"`]\/work\//, 'an absolute /work/ path'],
];

/** Tests read their data from test/fixtures only: an environment override could point them anywhere. */
const TEST_ONLY: readonly [RegExp, string][] = [[/\bPNAG_NASDATA\b/, 'a PNAG_NASDATA override']];

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : files(path);
    return /\.(?:[cm]?ts|[cm]?js)$/.test(name) ? [path] : [];
  });
}

function problems(source: string, rules: readonly [RegExp, string][]): string[] {
  const found: string[] = [];
  source.split('\n').forEach((line, i) => {
    for (const [pattern, what] of rules) if (pattern.test(line)) found.push(`line ${i + 1}: ${what}: ${line.trim()}`);
  });
  return found;
}

test('the outside-path detector recognises each way out of the clone and leaves the repository\'s own paths alone', () => {
  for (const line of [
    "const dir = resolve(__dirname, '..', '..', '..', 'shared', 'nasdata');",
    "const dir = join(root, 'shared', 'nasdata');",
    "readFileSync('../shared/nasdata/x.csv')",
    "const p = '..\\\\shared\\\\nasdata';",
    "const p = '/work/shared/nasdata';",
  ]) {
    assert.notDeepEqual(problems(line, OUTSIDE_PATHS), [], line);
  }
  for (const line of [
    "import { x } from '../../../src/shared/protocol';",
    "export const NASDATA_DIR = resolve(__dirname, '..', 'fixtures', 'nasdata');",
    "const shared = join(ROOT, 'src', 'shared');",
  ]) {
    assert.deepEqual(problems(line, OUTSIDE_PATHS), [], line);
  }
  assert.notDeepEqual(problems('const dir = process.env.PNAG_NASDATA ?? here;', TEST_ONLY), []);
});

test('no test, benchmark, script or CI step reads data from outside the repository', () => {
  const self = __filename;
  const checked = [
    ...['test', 'bench', 'scripts'].flatMap((dir) => files(join(ROOT, dir))),
    join(ROOT, '.ci', 'run'),
    join(ROOT, 'esbuild.mjs'),
  ].filter((path) => path !== self && existsSync(path));
  assert.ok(checked.length > 100, `only ${checked.length} files found under ${ROOT}`);
  const found = checked.flatMap((path) => {
    const rules = path.startsWith(join(ROOT, 'test')) ? [...OUTSIDE_PATHS, ...TEST_ONLY] : OUTSIDE_PATHS;
    return problems(readFileSync(path, 'utf8'), rules).map((p) => `${relative(ROOT, path)} ${p}`);
  });
  assert.deepEqual(found, []);
});
