import { Option } from 'commander';
import { InputError } from '../core/errors';
import { quoteValue } from '../core/util/quoteValue';
import { checkResolution, checkWidth } from '../core/space/arch';
import { BACKEND_CHOICES, type BackendChoice } from '../core/tf/backend';
import { numberOption, rangedOption } from './io';

/** `--backend <auto|wasm|cpu|tensorflow>`, default auto; a wrong name is an InputError naming the choices. */
export function parseBackend(value: string, where = '--backend'): BackendChoice {
  const choice = value.trim().toLowerCase();
  if (!(BACKEND_CHOICES as readonly string[]).includes(choice)) {
    throw new InputError(`${where}: ${quoteValue(value)} is not one of ${BACKEND_CHOICES.join(', ')}`);
  }
  return choice as BackendChoice;
}

export function backendOption(description = `TensorFlow.js backend: ${BACKEND_CHOICES.join(' | ')} (auto: the native one when @tensorflow/tfjs-node loads, else wasm)`): Option {
  return new Option('--backend <name>', description).argParser((v: string) => parseBackend(v)).default('auto');
}

/** `--width 1.0|1.2`, checked against the search space. */
export function widthOption(description: string): Option {
  return new Option('--width <w>', description).argParser((v: string) => checkWidth(numberOption('--width')(v), '--width'));
}

/** `--resolution 128..224` in steps of 4, checked against the search space. */
export function resolutionOption(description: string): Option {
  return new Option('--resolution <r>', description).argParser((v: string) => checkResolution(numberOption('--resolution')(v), '--resolution'));
}

/** `--evaluator-timeout <s>`: seconds an `eval:` request may take before the evaluator is restarted. */
export function evaluatorTimeoutOption(): Option {
  return new Option('--evaluator-timeout <seconds>', 'with an eval: source: seconds one evaluation may take before the evaluator is taken as hung and restarted, 1..86400 (default 600)').argParser(
    rangedOption('evaluatorTimeout'),
  );
}

/** `--evaluator-concurrency <n>`: requests an `eval:` evaluator is sent at once. */
export function evaluatorConcurrencyOption(): Option {
  return new Option('--evaluator-concurrency <n>', 'with an eval: source: requests sent to the evaluator at once, 1..64 (default 1)').argParser(rangedOption('evaluatorConcurrency'));
}
