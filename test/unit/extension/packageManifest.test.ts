import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSON_INSERTIONS, PYTHON_INSERTIONS } from '../../../src/core/format/architectureInsertion';
import { PROXY_ESTIMATORS } from '../../../src/core/proxy/proxyCalibration';

const ROOT = join(__dirname, '..', '..', '..');
const MANIFEST_TEXT = readFileSync(join(ROOT, 'package.json'), 'utf8');
const NLS = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;

interface Command {
  command: string;
  title: string;
  enablement?: string;
}
interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}
const MANIFEST = JSON.parse(MANIFEST_TEXT) as {
  contributes: {
    commands: Command[];
    menus: Record<string, MenuItem[]>;
    configuration: { properties: Record<string, { enum?: unknown[]; enumDescriptions?: string[]; markdownDescription?: string }> };
  };
};
const { contributes } = MANIFEST;

/** A manifest string as a user reads it: `%key%` replaced from package.nls.json. */
function shown(value: string): string {
  const match = /^%([^%]+)%$/.exec(value);
  return match ? NLS[match[1]] : value;
}

test('every contributed string comes from package.nls.json, and every key there is used', () => {
  const keys = [...MANIFEST_TEXT.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
  assert.ok(keys.length > 50, `only ${keys.length} localised strings`);
  assert.deepEqual(keys.filter((k) => !(k in NLS)), [], 'keys missing from package.nls.json');
  assert.deepEqual(Object.keys(NLS).filter((k) => !keys.includes(k)), [], 'unused keys in package.nls.json');
  const literal = (values: (string | undefined)[]) => values.filter((v) => v !== undefined && !/^%.+%$/.test(v));
  assert.deepEqual(literal(contributes.commands.map((c) => c.title)), []);
  for (const [name, prop] of Object.entries(contributes.configuration.properties)) {
    assert.deepEqual(literal([prop.markdownDescription, ...(prop.enumDescriptions ?? [])]), [], name);
  }
});

test('internal commands are registered but not contributed', () => {
  const contributed = contributes.commands.map((c) => c.command);
  assert.ok(!contributed.includes('pnag._stats'));
  assert.ok(!contributed.includes('pnag.evaluateArchitecture'), 'a CodeLens command needs no contribution');
  const registered = readFileSync(join(ROOT, 'src', 'extension', 'extension.ts'), 'utf8');
  assert.match(registered, /registerCommand\('pnag\._stats'/);
});

test('Generate and Insert in the editor context menu of Python, JSON and YAML; Train, Export and Build latency table on the Frontier view', () => {
  const editor = contributes.menus['editor/context'];
  assert.deepEqual(editor.map((m) => m.command), ['pnag.generateForBudget', 'pnag.insertArchitecture']);
  const languages = new RegExp(/editorLangId =~ \/(.+)\//.exec(editor[0].when ?? '')![1]);
  for (const language of ['python', 'json', 'jsonc', 'yaml']) assert.ok(languages.test(language), language);
  assert.ok(!languages.test('markdown'));
  const title = contributes.menus['view/title'];
  assert.deepEqual(title.map((m) => m.command), ['pnag.trainGenerator', 'pnag.exportFrontier', 'pnag.buildLatencyTable']);
  assert.ok(title.every((m) => m.when === 'view == pnag.frontier'));
  const exportCommand = contributes.commands.find((c) => c.command === 'pnag.exportFrontier');
  assert.equal(exportCommand?.enablement, 'pnag.hasGenerator');
});

test('settings texts agree with the code: insertion forms, every proxy estimator, the evaluator source', () => {
  const props = contributes.configuration.properties;
  assert.deepEqual(props['pnag.insertion.python'].enum, [...PYTHON_INSERTIONS]);
  assert.equal(props['pnag.insertion.python'].enumDescriptions?.length, PYTHON_INSERTIONS.length);
  assert.deepEqual(props['pnag.insertion.json'].enum, [...JSON_INSERTIONS]);
  const accuracy = shown(props['pnag.accuracySource'].markdownDescription!);
  for (const estimator of Object.keys(PROXY_ESTIMATORS)) assert.match(accuracy, new RegExp(`proxy\\[:[^\\]]*\\b${estimator}\\b`), estimator);
  const queries = shown(props['pnag.sourceQueries'].markdownDescription!);
  assert.doesNotMatch(queries, /eval:/);
  assert.match(queries, /`evaluator`/);
});
