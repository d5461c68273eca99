/// <reference types="mocha" />
// Runs inside the VS Code extension host, with the extension under test loaded from the working tree.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { maddsM } from '../../../src/core/cost/madds';
import { archKey } from '../../../src/core/space/arch';
import { fromNetworkConfig } from '../../../src/core/space/networkConfig';
import { fromOfaDict } from '../../../src/core/space/ofaDict';
import { parsePnagString } from '../../../src/core/space/pnagString';

const EXTENSION_ID = 'pnag-dev.pnag';
const GENERATE = 'pnag.generateForBudget';
const INSERT = 'pnag.insertArchitecture';
const TRAIN = 'pnag.trainGenerator';
const PNAG_80_MOBILE = '2,3,3,3,3:3,3,0,0,3,5,3,0,3,3,5,0,3,3,5,0,5,5,7,0:3,3,0,0,4,3,3,0,4,4,4,0,4,6,6,0,6,6,3,0';

/**
 * Small training settings: a run finishes in seconds on 2 cores (proxy:madds labels without a network). The
 * source is cheap and MAdds exact, so the default frontier rounds run too: 60 queries (half the sample).
 */
export const SMALL_TRAINING: Record<string, unknown> = {
  accuracySource: 'proxy:madds',
  archiveSize: 120,
  trainingSteps: 20,
  evaluatorEpochs: 2,
  k: 4,
  budgets: '250:700',
  bestOf: 16,
};

interface InsertedConfig {
  name: string;
  blocks: unknown[];
  first_conv: { out_channels: number };
  resolution: number;
}

interface TrainOutcome {
  result?: { checkpoint: string; accuracySource: string; budgets: number[]; notes: string[] };
  stats: { seconds: number; maxStallMs: number; p99StallMs: number; cancelled: boolean };
}

let untitledCount = 0;

/**
 * A new untitled editor holding `content`, cursor at the end. Each gets a name of its own: VS Code keeps the
 * undo stack of a closed resource, so a reused "Untitled-1" could undo into an earlier test's text.
 */
async function untitledEditor(content: string, extension = 'json'): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `/pnag-test-${Date.now()}-${++untitledCount}.${extension}` });
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  if (content !== '') await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), content));
  const end = document.positionAt(content.length);
  editor.selection = new vscode.Selection(end, end);
  assert.equal(document.getText(), content);
  return editor;
}

/** The lists of an inserted `set_active_subnet(ks=[..], e=[..], d=[..])`, read back as an architecture. */
function archOfPythonCall(text: string) {
  const match = /set_active_subnet\(ks=(\[[^\]]*\]), e=(\[[^\]]*\]), d=(\[[^\]]*\])\)/.exec(text);
  assert.ok(match, `a set_active_subnet call in ${text}`);
  const [ks, e, d] = match.slice(1).map((s) => JSON.parse(s) as number[]);
  return fromOfaDict({ ks, e, d });
}

suite('PNAG extension', () => {
  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    await extension.activate();
    const config = vscode.workspace.getConfiguration('pnag');
    for (const [key, value] of Object.entries(SMALL_TRAINING)) await config.update(key, value, vscode.ConfigurationTarget.Workspace);
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('activates quickly and registers its commands', async () => {
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    for (const id of [GENERATE, INSERT, TRAIN, 'pnag.chooseAccuracySource', 'pnag.chooseCostModel', 'pnag.importArchive', 'pnag.exportFrontier']) {
      assert.ok(commands.includes(id), id);
    }
    const stats = await vscode.commands.executeCommand<{ activationMs: number }>('pnag._stats');
    console.log(`PNAG-FIGURE activationMs=${stats.activationMs.toFixed(1)}`);
    assert.ok(stats.activationMs < 500, `activate() took ${stats.activationMs} ms`);
  });

  test('the manifest restricts the evaluator command in untrusted workspaces', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
    };
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('pnag.evaluatorCommand'));
    // The cluster runner's settings too: a workspace must not send the user's evaluator to a cluster or add lines to its jobs.
    const slurmSettings = Object.keys((manifest as unknown as { contributes: { configuration: { properties: Record<string, unknown> } } }).contributes.configuration.properties).filter((key) => key === 'pnag.runner' || key.startsWith('pnag.slurm.'));
    assert.ok(slurmSettings.length >= 8, slurmSettings.join(', '));
    for (const key of slurmSettings) assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(key), `${key} is restricted`);
  });

  test('inserts the OFA network config of a given architecture at the cursor', async () => {
    const editor = await untitledEditor('// before\n');
    const inserted = await vscode.commands.executeCommand<string | undefined>(INSERT, PNAG_80_MOBILE);
    assert.ok(inserted, 'the command returns the inserted text');
    assert.equal(editor.document.getText(), `// before\n${inserted}`);
    const config = JSON.parse(inserted) as InsertedConfig;
    assert.equal(config.name, 'MobileNetV3');
    assert.equal(config.blocks.length, 15);
    assert.equal(config.first_conv.out_channels, 24);
    assert.equal(config.resolution, 224);
  });

  test('the insertion is one edit: a single undo removes it', async () => {
    const editor = await untitledEditor('start');
    await vscode.commands.executeCommand(INSERT, PNAG_80_MOBILE);
    assert.notEqual(editor.document.getText(), 'start');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), 'start');
  });

  test('an invalid architecture inserts nothing', async () => {
    const editor = await untitledEditor('unchanged');
    const inserted = await vscode.commands.executeCommand<string | undefined>(INSERT, '5,3,3,3,3:3:3');
    assert.equal(inserted, undefined);
    assert.equal(editor.document.getText(), 'unchanged');
  });

  test('trains a generator in the worker, into the workspace .pnag folder, without stalling the host', async function () {
    this.timeout(150_000);
    const outcome = await vscode.commands.executeCommand<TrainOutcome | undefined>(TRAIN);
    assert.ok(outcome?.result, 'training finished with a result');
    assert.match(outcome.result.checkpoint, /[/\\]\.pnag[/\\]generator\.ckpt\.json$/);
    assert.ok(existsSync(outcome.result.checkpoint));
    assert.equal(outcome.result.accuracySource, 'proxy:madds');
    const notes = outcome.result.notes.join('\n');
    assert.match(notes, /frontier rounds: \d+ more proxy:madds queries/, 'the default frontier rounds ran in this training');
    console.log(`PNAG-FIGURE trainSeconds=${outcome.stats.seconds.toFixed(1)} hostMaxStallMs=${outcome.stats.maxStallMs.toFixed(1)} hostP99StallMs=${outcome.stats.p99StallMs.toFixed(1)}`);
    // The histogram's floor is its 10 ms sampling resolution; a blocked host would show seconds.
    assert.ok(outcome.stats.maxStallMs < 250, `the host stalled for ${outcome.stats.maxStallMs} ms while training`);
  });

  test('generates for a typed budget into a Python file: a set_active_subnet call that fits the budget', async function () {
    this.timeout(60_000);
    const editor = await untitledEditor('import ofa\n', 'py');
    assert.equal(editor.document.languageId, 'python');
    const inserted = await vscode.commands.executeCommand<string | undefined>(GENERATE, '400M');
    assert.ok(inserted, 'something was inserted');
    const text = editor.document.getText();
    assert.equal(text, `import ofa\n${inserted}`);
    assert.match(inserted, /^# PNAG: budget 400M, [\d.]+M MAdds \(madds:pnag\), [\d.]+M params, top-1 [\d.]+% \(proxy:madds, an estimate\), r224 w1\.2\n/);
    const arch = archOfPythonCall(inserted);
    // Computed here, independently of the engine.
    assert.ok(maddsM(arch, 'pnag') <= 400, `${maddsM(arch, 'pnag')}M MAdds fits 400M`);
  });

  test('generates into a JSON file: an OFA network config that fits the budget', async function () {
    this.timeout(60_000);
    const editor = await untitledEditor('', 'json');
    const inserted = await vscode.commands.executeCommand<string | undefined>(GENERATE, '0.3G');
    assert.ok(inserted);
    const config = JSON.parse(editor.document.getText()) as InsertedConfig;
    assert.equal(config.name, 'MobileNetV3');
    const arch = fromNetworkConfig(config);
    assert.ok(maddsM(arch, 'pnag') <= 300, `${maddsM(arch, 'pnag')}M MAdds fits 300M`);
  });

  test('a budget in the wrong unit inserts nothing', async () => {
    const editor = await untitledEditor('unchanged', 'py');
    assert.equal(await vscode.commands.executeCommand(GENERATE, '35ms'), undefined);
    assert.equal(await vscode.commands.executeCommand(GENERATE, '450'), undefined);
    assert.equal(editor.document.getText(), 'unchanged');
  });

  test('a lens over an architecture in Python shows its MAdds and params', async () => {
    const editor = await untitledEditor('', 'py');
    await vscode.commands.executeCommand(INSERT, PNAG_80_MOBILE);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => /348\.6M MAdds \(PNAG count\) · 350\.1M \(OFA count\) · 7\.34M params/.test(t)), titles.join(' | '));
    assert.ok(titles.some((t) => t.startsWith('top-1')), titles.join(' | '));

    // With a latency table as the cost model, the lens adds its latency: the shipped Note10 tables by name.
    const config = vscode.workspace.getConfiguration('pnag');
    const before = config.inspect('costModel')?.workspaceValue;
    await config.update('costModel', 'lut:note10', vscode.ConfigurationTarget.Workspace);
    try {
      const withLatency = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
      const latencyTitles = withLatency.map((l) => l.command?.title ?? '');
      assert.ok(latencyTitles.some((t) => /7\.34M params · [\d.]+ ms \(lut:note10\) · r224/.test(t)), latencyTitles.join(' | '));
    } finally {
      await config.update('costModel', before, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('a value outside the search space is a diagnostic with the parser message', async () => {
    const ks = Array(20).fill(3);
    ks[0] = 9;
    const editor = await untitledEditor(`net.set_active_subnet(ks=[${ks.join(', ')}], e=[${Array(20).fill(4).join(', ')}], d=[2, 2, 2, 2, 2])\n`, 'py');
    let messages: string[] = [];
    for (let i = 0; i < 40 && messages.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      messages = vscode.languages.getDiagnostics(editor.document.uri).map((d) => d.message);
    }
    assert.deepEqual(messages, ['PNAG: stage 1, layer 1: kernel size 9 is not one of 3, 5, 7']);
  });

  test('the same architecture comes back from the JSON dict setting', async () => {
    await vscode.workspace.getConfiguration('pnag').update('insertion.json', 'dict', vscode.ConfigurationTarget.Workspace);
    try {
      const editor = await untitledEditor('', 'json');
      await vscode.commands.executeCommand(INSERT, PNAG_80_MOBILE);
      const dict = JSON.parse(editor.document.getText()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(dict), ['ks', 'e', 'd', 'r', 'w']);
      assert.equal(archKey(fromOfaDict(dict)), archKey(parsePnagString(PNAG_80_MOBILE)));
    } finally {
      await vscode.workspace.getConfiguration('pnag').update('insertion.json', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('the Frontier view can be opened', async () => {
    await vscode.commands.executeCommand('pnag.frontier.focus');
  });

  test('Export frontier writes the swept frontier of the trained generator (CSV by extension)', async function () {
    this.timeout(120_000);
    const path = join(mkdtempSync(join(tmpdir(), 'pnag-export-')), 'frontier.csv');
    const written = await vscode.commands.executeCommand<string | undefined>('pnag.exportFrontier', path);
    assert.equal(written, path);
    const [header, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
    assert.equal(header, 'series,name,cost,cost_unit,cost_origin,top1,top1_origin,arch,width,resolution,source');
    assert.ok(rows.length >= 8, `at least 8 swept budgets, found ${rows.length}`);
    for (const row of rows) {
      const [series, name, cost] = row.split(',');
      assert.equal(series, 'frontier');
      const budget = Number(/generated for ([\d.]+)M/.exec(name)?.[1]);
      assert.ok(Number(cost) <= budget, `${row} fits its budget`);
    }
  });
});
