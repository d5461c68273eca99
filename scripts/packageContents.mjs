// What a VSIX holds and whether it is what the extension needs: read from the zip's central directory, so
// no unzip tool or extra dependency is needed. Used by scripts/package.mjs and the installed-package test.
import { readFileSync } from 'node:fs';

/** Files the installed extension cannot run without (paths inside the installed extension folder). */
export const REQUIRED_FILES = [
  'package.json',
  'package.nls.json',
  'dist/extension.js',
  'dist/worker.js',
  'dist/webview.js',
  'dist/wasm/tfjs-backend-wasm-simd.wasm',
  'media/frontier.css',
  'media/pnag.svg',
  'media/icon.png',
  'README.md',
  'CHANGELOG.md',
  // Built-in data (data/NOTICE.md): OFA's predictor, the latency tables, the pretrained generators.
  'data/NOTICE.md',
  'data/licenses/once-for-all-MIT.txt',
  'data/licenses/Apache-2.0.txt',
  'data/ofa-predictor/ofa_acc_predictor_w1.2.json',
  'data/ofa-predictor/ofa_acc_predictor_w1.2.bin',
  ...[160, 176, 192, 208, 224].map((r) => `data/lut/ofa_note10_lut/${r}_lookup_table.yaml`),
  'data/lut/nsganetv2_i7-8700K_lut.yaml',
  'data/generators/madds-pnag.ckpt.json',
  'data/generators/madds-ofa.ckpt.json',
  'data/generators/note10.ckpt.json',
];

/** Patterns no file in the package may match: sources, tests, tools, maps, dependencies, the CLI bundle. */
export const FORBIDDEN = [
  /\.map$/,
  /\.ts$/,
  /(^|\/)node_modules\//,
  /^(src|test|bench|scripts|webview|out|test-results|\.pnag|\.ci|\.vscode)\//,
  /^dist\/cli\.js$/,
  /\.vsix$/,
  /tsconfig.*\.json$/,
  // A training snapshot or temporary file beside the shipped generators.
  /\.partial\.json$/,
  /\.tmp$/,
];

/**
 * The entries of a zip file: name and sizes, from its central directory (PKWARE APPNOTE 4.3.12/4.3.16).
 * @param {string} zipPath
 * @returns {{ name: string, size: number, compressedSize: number }[]}
 */
export function zipEntries(zipPath) {
  const zip = readFileSync(zipPath);
  // The end-of-central-directory record sits in the last 22 + up to 65,535 (comment) bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${zipPath} is not a zip file (no end of central directory)`);
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${zipPath}: bad central directory entry ${n}`);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.push({ name, size, compressedSize });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Problems with a list of extension files (paths relative to the extension folder): required files
 * missing, forbidden ones present, and files the manifest names (icon, view icons) that are absent.
 * @param {string[]} files
 * @param {Record<string, unknown>} manifest
 * @returns {string[]}
 */
export function contentProblems(files, manifest) {
  // vsce stores README.md as readme.md and LICENSE as LICENSE.txt: compare names case-insensitively.
  const have = new Set(files.map((f) => f.toLowerCase()));
  const problems = [];
  for (const file of REQUIRED_FILES) if (!have.has(file.toLowerCase())) problems.push(`missing ${file}`);
  if (!files.some((f) => /^LICENSE(\.txt|\.md)?$/i.test(f))) problems.push('missing LICENSE');
  for (const file of files) {
    if (FORBIDDEN.some((pattern) => pattern.test(file))) problems.push(`must not ship ${file}`);
  }
  for (const file of manifestAssets(manifest)) {
    if (!have.has(file.toLowerCase())) problems.push(`package.json names ${file}, which is not in the package`);
  }
  return problems;
}

/** Files the manifest points at: main, icon, icons of view containers, views and commands, walkthrough media. */
function manifestAssets(manifest) {
  const paths = [];
  const add = (value) => {
    // Codicon references ($(name)) are not files; themed icons are { light, dark }.
    if (typeof value === 'string' && !value.startsWith('$(')) paths.push(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') Object.values(value).forEach(add);
  };
  add(manifest.main);
  add(manifest.icon);
  const contributes = /** @type {any} */ (manifest.contributes) ?? {};
  for (const containers of Object.values(contributes.viewsContainers ?? {})) {
    for (const container of containers) add(container.icon);
  }
  for (const views of Object.values(contributes.views ?? {})) {
    for (const view of views) add(view.icon);
  }
  for (const command of contributes.commands ?? []) add(command.icon);
  for (const walkthrough of contributes.walkthroughs ?? []) {
    for (const step of walkthrough.steps ?? []) {
      const media = step.media ?? {};
      add(media.markdown);
      add(media.svg);
      add(media.image);
    }
  }
  return paths;
}
