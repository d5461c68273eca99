import { COST_UNITS, isKnownCostUnit } from '../cost/registry/costModelRegistry';
import { InputError } from '../errors';
import { type SerializedTensor, decodeTensor } from '../tf/namedWeights';
import { type Fields, isObject } from '../../shared/isObject';
import { shownName, shownValue as show } from '../../shared/shownValue';

// Plausibility of a checkpoint file before any tensor is made from it: a tampered or corrupted file
// (NaN in a layer, weights of 1e30, a frontier top-1 of 1e308, a hidden size of 1e7) is refused with the
// field named, instead of loading silently or exhausting memory.

/** Hidden sizes accepted (defaults: 512 and 64). Bounded so that building the model cannot exhaust memory. */
export const MAX_EVALUATOR_HIDDEN = 2048;
export const MAX_GENERATOR_HIDDEN = 1024;
/** Training budgets accepted; each adds a row to the budget embedding and an input of the evaluator. */
export const MAX_BUDGETS = 1000;
/**
 * Largest weight magnitude accepted. Adam moves a weight by about the learning rate (at most 5e-3 here) per
 * step, so even 10^5 steps stay below 500; trained weights are far below 10. 1e4 leaves ample margin and
 * keeps a forward pass of 512-wide layers far from float32 overflow (3.4e38), which 1e30 reaches at once.
 */
export const MAX_WEIGHT_MAGNITUDE = 1e4;

/** Fields this module reads; the header check (format, version, search space) comes first. */
export interface CheckedFields {
  readonly budgets?: unknown;
  readonly seed?: unknown;
  readonly costModel?: unknown;
  readonly config?: unknown;
  readonly frontier?: unknown;
  readonly weights?: unknown;
}

/** Throws an InputError naming the first implausible field: `<where>: <field>: <what is wrong>`. */
export function checkCheckpointFields(file: CheckedFields, where: string): void {
  const fail = (field: string, problem: string): never => {
    throw new InputError(`${where}: ${field}: ${problem}`);
  };
  checkBudgets(file.budgets, fail);
  if (!Number.isSafeInteger(file.seed)) fail('seed', `${show(file.seed)} is not a whole number`);
  if (!isObject(file.costModel) || typeof file.costModel.name !== 'string') fail('costModel', 'is missing');
  const unit = (file.costModel as Fields).unit;
  if (!isKnownCostUnit(unit)) fail('costModel.unit', `${show(unit)} is not a cost unit (${COST_UNITS.map((u) => show(u.unit)).join(', ')})`);
  if (!isObject(file.config)) fail('config', 'is missing');
  const config = file.config as Fields;
  checkHidden(config.evaluatorHidden, MAX_EVALUATOR_HIDDEN, 'config.evaluatorHidden', fail);
  checkHidden(config.generatorHidden, MAX_GENERATOR_HIDDEN, 'config.generatorHidden', fail);
  if (file.frontier !== undefined) checkFrontier(file.frontier, fail);
  if (!isObject(file.weights) || !isObject(file.weights.evaluator) || !isObject(file.weights.generator)) fail('weights', 'weights.evaluator and weights.generator are missing');
  const weights = file.weights as { evaluator: Fields; generator: Fields };
  for (const group of [weights.evaluator, weights.generator]) {
    for (const [name, entry] of Object.entries(group)) checkValues(shownName(name), entry as SerializedTensor, where, fail);
  }
}

type Fail = (field: string, problem: string) => never;

function checkBudgets(budgets: unknown, fail: Fail): void {
  if (!Array.isArray(budgets) || budgets.length === 0) return fail('budgets', 'must be a non-empty list of positive numbers');
  if (budgets.length > MAX_BUDGETS) fail('budgets', `${budgets.length} budgets, more than ${MAX_BUDGETS}`);
  budgets.forEach((b: unknown, i) => {
    if (typeof b !== 'number' || !Number.isFinite(b) || b <= 0) fail(`budgets[${i}]`, `${show(b)} is not a positive number`);
    if (i > 0 && (b as number) <= (budgets[i - 1] as number)) fail(`budgets[${i}]`, `${show(b)} is not above budgets[${i - 1}] (${show(budgets[i - 1])}): budgets are sorted ascending`);
  });
}

function checkHidden(value: unknown, max: number, field: string, fail: Fail): void {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > max) fail(field, `${show(value)} is not a whole number from 1 to ${max}`);
}

function checkFrontier(frontier: unknown, fail: Fail): void {
  if (!Array.isArray(frontier)) return fail('frontier', 'must be a list');
  frontier.forEach((point: unknown, i) => {
    if (!isObject(point)) return fail(`frontier[${i}]`, 'is not an object');
    const { cost, accuracy } = point;
    if (typeof cost !== 'number' || !Number.isFinite(cost) || cost <= 0) fail(`frontier[${i}].cost`, `${show(cost)} is not a positive finite number`);
    if (typeof accuracy !== 'number' || !Number.isFinite(accuracy) || accuracy < 0 || accuracy > 100) fail(`frontier[${i}].accuracy`, `${show(accuracy)} is not a top-1 percentage from 0 to 100`);
  });
}

function checkValues(name: string, entry: SerializedTensor, where: string, fail: Fail): void {
  const values = decodeTensor(entry, `${where}: ${name}`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) fail(`${name}[${i}]`, 'NaN');
    if (!Number.isFinite(v)) fail(`${name}[${i}]`, `${v}: weights must be finite`);
    if (Math.abs(v) > MAX_WEIGHT_MAGNITUDE) fail(`${name}[${i}]`, `${v} is beyond ±${MAX_WEIGHT_MAGNITUDE}, implausible for a trained weight`);
  }
}
