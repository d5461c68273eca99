/// <reference types="mocha" />
// PNAG: Build latency table for this machine, in the real extension host with a tiny build (one resolution).
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { LutCostModel } from '../../../src/core/cost/lut/lutCostModel';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';

const BUILD = 'pnag.buildLatencyTable';
/** 96 operators at r128, 2 timed runs each after 5 warm-up ones: a few seconds on 2 cores. */
const TINY_LUT: Record<string, unknown> = { 'lut.resolutions': [128], 'lut.repeats': 2 };

interface LutOutcome {
  result?: { outDir: string; costSpec: string; files: string[]; measured: number; kept: number; device: string; clock: string; seconds: number };
  cancelled: boolean;
  costModel?: string;
}

suite('PNAG latency table', () => {
  const config = () => vscode.workspace.getConfiguration('pnag');

  suiteSetup(async () => {
    await vscode.extensions.getExtension('pnag-dev.pnag')?.activate();
    for (const [key, value] of Object.entries(TINY_LUT)) await config().update(key, value, vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    for (const key of [...Object.keys(TINY_LUT), 'costModel']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('the command is registered', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes(BUILD));
  });

  test('builds a table in the worker into .pnag/lut-<device>, loadable as a cost model, and writes pnag.costModel when accepted', async function () {
    this.timeout(60_000);
    const before = config().get<string>('costModel');
    const outcome = await vscode.commands.executeCommand<LutOutcome | undefined>(BUILD, { useAsCostModel: true });
    assert.ok(outcome?.result, `a result: ${JSON.stringify(outcome)}`);
    const { result } = outcome;
    console.log(`PNAG-FIGURE lutBuildSeconds=${result.seconds.toFixed(1)} operators=${result.measured + result.kept}`);
    assert.equal(result.measured + result.kept, 96);
    assert.equal(result.clock, 'cpu', 'the default clock is the one that validated on a loaded machine');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (folder) assert.equal(result.outDir, join(folder, '.pnag', `lut-${result.device}`));
    assert.deepEqual(result.files, [join(result.outDir, '128_lookup_table.yaml')]);
    assert.ok(existsSync(result.files[0]));
    const model = LutCostModel.load(result.outDir);
    assert.equal(model.name, `lut:${result.device}`);
    assert.ok(model.costOf(randomArch(new Random(5), { width: 1.2, resolution: 128 })) > 0);
    assert.notEqual(before, result.costSpec);
    assert.equal(outcome.costModel, result.costSpec);
    assert.equal(config().get<string>('costModel'), `lut:${result.outDir}`);
  });

  test('running it again keeps every timed operator, and a declined offer leaves the cost model alone', async function () {
    this.timeout(30_000);
    await config().update('costModel', 'madds', vscode.ConfigurationTarget.Workspace);
    const outcome = await vscode.commands.executeCommand<LutOutcome | undefined>(BUILD, { useAsCostModel: false });
    assert.ok(outcome?.result);
    assert.deepEqual([outcome.result.measured, outcome.result.kept], [0, 96]);
    assert.equal(outcome.costModel, undefined);
    assert.equal(config().get<string>('costModel'), 'madds');
  });
});
