import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isInputError } from '../../src/core/errors';
import { readCheckpointMeta } from '../../src/core/pipeline/checkpointMeta';
import { checkpointMetaOf, checkpointOf, loadCheckpoint } from '../../src/core/pnag/checkpoint';
import { generatorInfoOf, recordedDataSource } from '../../src/extension/generator/generatorInfo';
import { DEFAULT_PNAG_CONFIG, PnagModel } from '../../src/core/pnag/model';
import { AccuracyModel } from '../../src/core/pnag/accuracyModel';
import { SLOT_MODEL_WEIGHTS } from '../../src/core/pnag/slotLinearModel';
import { toPnagString } from '../../src/core/space/pnagString';
import { decodeTensor } from '../../src/core/tf/namedWeights';
import { initBackend } from '../../src/core/tf/backend';
import { defineFuzzClass, violation } from './harness/fuzzClass';
import { ScratchFolder, assertFolderUnchanged, snapshotFolder } from './harness/fileSnapshot';
import { mutatedJson, mutatedText } from './harness/mutate';
import { armProcessTripwire } from './harness/processTripwire';
import { validArch } from './harness/validInputs';

/** Small but real checkpoints (a tiny evaluator and generator), built once the TF.js backend is up. */
const bases: string[] = [];

async function buildBases(): Promise<void> {
  if (bases.length > 0) return;
  await initBackend();
  const [arch] = fc.sample(validArch, { numRuns: 1, seed: 1 });
  // The third carries an accuracy model (a training on an evaluation budget): fits around two budgets and a pair model.
  const weights = Array.from({ length: SLOT_MODEL_WEIGHTS }, (_, i) => ((i % 7) - 3) / 10);
  const accuracyModel = AccuracyModel.parse({ networks: 3, perLayer: [{ budget: 260, intercept: 76, weights }, { budget: 340, intercept: 77, weights }],
    pair: { lambda: 1, networks: fc.sample(validArch, { numRuns: 3, seed: 2 }).map(toPnagString), alpha: [0.1, -0.2, 0.3] } }, 'fuzz base');
  for (const [k, hidden, frontier, withModel] of [[3, 4, true, false], [2, 6, false, false], [2, 4, true, true]] as const) {
    const model = PnagModel.create({
      accuracySource: 'ofa-predictor',
      costModel: { name: 'madds', unit: 'M', metric: 'madds_M', exact: true },
      budgets: Array.from({ length: k }, (_, i) => 250 + 100 * i),
      seed: 7,
      config: { ...DEFAULT_PNAG_CONFIG, evaluatorHidden: hidden, generatorHidden: hidden },
      ...(frontier ? { frontier: [{ arch, cost: 300, accuracy: 77.5 }] } : {}),
      ...(withModel ? { accuracyModel } : {}),
    });
    bases.push(JSON.stringify(checkpointOf(model, { pipeline: { accuracySpec: 'eval:touch /tmp/PWNED', costSpec: 'madds', width: 1.2, resolution: 224 } })));
    model.dispose();
  }
}

const base = fc.nat({ max: 2 }).map((i) => bases[i]);

const scratch = new ScratchFolder();
let disarm: (() => void) | undefined;

/** `.pnag/generator.ckpt.json` as `pnag generate --checkpoint` and the extension load it. */
export default defineFuzzClass<string>({
  name: 'checkpoint',
  ciRuns: 300,
  inputs: fc.oneof(
    { weight: 4, arbitrary: mutatedJson(base.map((t) => JSON.parse(t) as unknown)).map((v) => JSON.stringify(v) ?? '') },
    { weight: 2, arbitrary: mutatedText(base) },
    base,
  ),
  async setUp() {
    await buildBases();
    disarm = armProcessTripwire('loading a checkpoint');
  },
  async check(text) {
    const dir = scratch.fresh();
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'generator.ckpt.json');
    writeFileSync(path, text);
    const before = snapshotFolder(dir);
    checkpointMetaOf(text);
    readsMetaOrRefuses(text, path);
    let model: PnagModel | undefined;
    try {
      model = await loadCheckpoint(path);
      checkModel(model);
    } finally {
      model?.dispose();
      assertFolderUnchanged(dir, before, 'loading a checkpoint');
    }
  },
  tearDown() {
    disarm?.();
    scratch.remove();
  },
  whereOf: () => ['generator.ckpt.json'],
  show: (text) => text.slice(0, 400),
  knownFailures: [],
});

/**
 * The one metadata reader (engine and extension host): sorted finite budgets, or an InputError of one line
 * naming the file; the host's view never hands back the bases' recorded `eval:` spec as a source.
 */
function readsMetaOrRefuses(text: string, path: string): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return;
  }
  const lensSource = recordedDataSource(generatorInfoOf(value)) ?? '';
  violation(!/^\s*eval\s*:/i.test(lensSource), 'a recorded evaluator command came back as a data source', lensSource);
  try {
    const { budgets } = readCheckpointMeta(value, `checkpoint ${path}`);
    violation(budgets.every((b, i) => Number.isFinite(b) && (i === 0 || b >= budgets[i - 1])), 'metadata budgets are not finite and sorted', budgets.join(', '));
  } catch (error) {
    if (!isInputError(error)) throw error;
    violation(!error.message.includes('\n') && error.message.includes(path), 'metadata InputError is not one line naming the file', error.message);
  }
}

function checkModel(model: PnagModel): void {
  const { info } = model;
  violation(info.budgets.every(Number.isFinite) && info.budgets.every((b, i) => i === 0 || b > info.budgets[i - 1]), 'training budgets are not finite and ascending', info.budgets.join(', '));
  for (const point of info.frontier ?? []) {
    violation(Number.isFinite(point.cost) && point.cost > 0 && point.accuracy >= 0 && point.accuracy <= 100, 'frontier point is not plausible', `${toPnagString(point.arch)} cost ${point.cost} accuracy ${point.accuracy}`);
  }
  if (info.accuracyModel) {
    const [arch] = fc.sample(validArch, { numRuns: 1, seed: 3 });
    for (const budget of [100, 300, 1e6]) {
      const predicted = info.accuracyModel.predict(arch, budget);
      violation(Number.isFinite(predicted), 'the accuracy model predicts a non-finite accuracy', `${predicted} at ${budget}`);
    }
  }
  for (const vars of [model.evaluator.vars, model.policy.vars]) {
    for (const [name, tensor] of Object.entries(vars.serialize())) {
      const values = decodeTensor(tensor, name);
      violation(values.every((v) => Number.isFinite(v) && Math.abs(v) < 1e6), 'checkpoint weights are not finite and plausible', name);
    }
  }
}
