import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentProblems, REQUIRED_FILES, zipEntries } from '../../../scripts/packageContents.mjs';

/** A zip with stored (uncompressed) entries, written by hand: local headers, central directory, end record. */
function writeZip(path: string, files: Record<string, string>): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, directory, end]));
}

const manifest = {
  main: './dist/extension.js',
  icon: 'media/icon.png',
  contributes: {
    viewsContainers: { activitybar: [{ id: 'pnag', icon: 'media/pnag.svg' }] },
    commands: [{ command: 'a', icon: '$(play)' }, { command: 'b', icon: { light: 'media/b-light.svg', dark: 'media/b-dark.svg' } }],
    walkthroughs: [{ steps: [{ media: { markdown: 'media/walkthrough/train.md' } }] }],
  },
};
const complete = [...REQUIRED_FILES, 'LICENSE.txt', 'media/b-light.svg', 'media/b-dark.svg', 'media/walkthrough/train.md'];

test('zipEntries lists every entry of a zip with its sizes', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-zip-')), 'x.vsix');
  writeZip(path, { 'extension/package.json': '{}', 'extension/dist/worker.js': 'x'.repeat(1000) });
  assert.deepEqual(zipEntries(path), [
    { name: 'extension/package.json', size: 2, compressedSize: 2 },
    { name: 'extension/dist/worker.js', size: 1000, compressedSize: 1000 },
  ]);
});

test('zipEntries refuses a file that is not a zip', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-zip-')), 'x.vsix');
  writeFileSync(path, 'not a zip at all, just some text that is long enough');
  assert.throws(() => zipEntries(path), /not a zip file/);
});

test('a package with every run-time file and nothing else has no problems', () => {
  assert.deepEqual(contentProblems(complete, manifest), []);
});

test('vsce renames README.md and CHANGELOG.md to lower case: names compare case-insensitively', () => {
  const renamed = complete.map((f) => (f === 'README.md' ? 'readme.md' : f === 'CHANGELOG.md' ? 'changelog.md' : f));
  assert.deepEqual(contentProblems(renamed, manifest), []);
});

test('a missing bundle, wasm binary, stylesheet or licence is reported by name', () => {
  const without = (...names: string[]) => complete.filter((f) => !names.includes(f));
  assert.deepEqual(contentProblems(without('dist/webview.js'), manifest), ['missing dist/webview.js']);
  assert.deepEqual(contentProblems(without('dist/wasm/tfjs-backend-wasm-simd.wasm'), manifest), ['missing dist/wasm/tfjs-backend-wasm-simd.wasm']);
  assert.deepEqual(contentProblems(without('media/frontier.css'), manifest), ['missing media/frontier.css']);
  assert.deepEqual(contentProblems(without('LICENSE.txt'), manifest), ['missing LICENSE']);
});

test('files the manifest names (themed command icons, walkthrough pages) must be in the package; codicons are not files', () => {
  const problems = contentProblems(complete.filter((f) => f !== 'media/b-dark.svg' && f !== 'media/walkthrough/train.md'), manifest);
  assert.deepEqual(problems, [
    'package.json names media/b-dark.svg, which is not in the package',
    'package.json names media/walkthrough/train.md, which is not in the package',
  ]);
});

test('sources, maps, tests, dependencies and the CLI bundle must not ship', () => {
  const extra = ['src/extension/extension.ts', 'dist/worker.js.map', 'test/unit/x.test.js', 'node_modules/yaml/index.js', 'dist/cli.js', 'bench/x.js'];
  assert.deepEqual(
    contentProblems([...complete, ...extra], manifest),
    extra.map((f) => `must not ship ${f}`),
  );
});

test('the package must carry every built-in data file the engine opens: predictor, latency tables, generators', async () => {
  const { BUILTIN_GENERATORS } = await import('../../../src/core/pipeline/builtinGenerators');
  const { BUILTIN_OFA_PREDICTOR } = await import('../../../src/core/predict/ofaPredictor');
  const required = new Set(REQUIRED_FILES);
  for (const generator of BUILTIN_GENERATORS) assert.ok(required.has(`data/generators/${generator.file}`), generator.file);
  const header = `data/${BUILTIN_OFA_PREDICTOR.join('/')}`;
  assert.ok(required.has(header) && required.has(header.replace(/\.json$/, '.bin')), header);
  assert.ok(required.has('data/NOTICE.md'));
});

test('a training snapshot or temporary file beside the shipped generators must not ship', () => {
  const problems = contentProblems([...complete, 'data/generators/note10.ckpt.partial.json', 'data/generators/.note10.ckpt.json.123.tmp'], manifest);
  assert.ok(problems.includes('must not ship data/generators/note10.ckpt.partial.json'), problems.join('\n'));
  assert.ok(problems.includes('must not ship data/generators/.note10.ckpt.json.123.tmp'), problems.join('\n'));
});
