import { Option } from 'commander';
import { InputError } from '../core/errors';
import { checkResolution, checkWidth } from '../core/space/arch';
import { BACKEND_CHOICES, type BackendChoice } from '../core/tf/backend';
import { numberOption } from './io';

/** `--backend <auto|wasm|cpu|tensorflow>`, default auto; a wrong name is an InputError naming the choices. */
export function parseBackend(value: string, where = '--backend'): BackendChoice {
  const choice = value.trim().toLowerCase();
  if (!(BACKEND_CHOICES as readonly string[]).includes(choice)) {
    throw new InputError(`${where}: "${value}" is not one of ${BACKEND_CHOICES.join(', ')}`);
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
