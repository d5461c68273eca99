import { quoteValue } from '../../util/quoteValue';
import { InputError } from '../../errors';
import type { Arch } from '../../space/arch';
import type { CostModel, CostUnit } from '../costModel';
import type { CostUnitDescriptor } from '../costUnit';
import type { CostModelCapabilities, CostModelKind, CostModelOpenContext, CostModelPick, CostModelSpec } from './costModelKind';
import { lutKind } from './lutKind';
import { maddsKind } from './maddsKind';
import { measureKind } from './measureKind';
import { paramsKind } from './paramsKind';

/** Every kind of cost model, in the order help texts, quick picks and the README list them. A new kind is one line here. */
export const COST_MODEL_KINDS: readonly CostModelKind[] = [maddsKind, lutKind, measureKind, paramsKind];

/** The forms a user can write, for help texts and errors. */
export const COST_MODEL_FORMS: readonly string[] = COST_MODEL_KINDS.flatMap((k) => k.forms);

/** The quick-pick lines of every kind, in registry order. */
export const COST_MODEL_PICKS: readonly CostModelPick[] = COST_MODEL_KINDS.flatMap((k) => k.picks);

/** package.json's `pnag.costModel` pattern, as the kinds declare it. */
export const COST_MODEL_SETTINGS_PATTERN = `^(${COST_MODEL_KINDS.map((k) => k.settingsPattern).join('|')})$`;

/** The units the kinds cost in, each once, in registry order. */
export const COST_UNITS: readonly CostUnitDescriptor[] = COST_MODEL_KINDS.map((k) => k.unit)
  .filter((u, i, all) => all.findIndex((o) => o.unit === u.unit) === i);

export function isKnownCostUnit(unit: unknown): unit is CostUnit {
  return COST_UNITS.some((u) => u.unit === unit);
}

/** How amounts in `unit` are read and written; a unit no kind declares is bad input (a checkpoint, a message). */
export function costUnitDescriptor(unit: CostUnit): CostUnitDescriptor {
  const found = COST_UNITS.find((u) => u.unit === unit);
  if (!found) throw new InputError(`cost unit ${quoteValue(unit)} is not one of ${COST_UNITS.map((u) => u.unit).join(', ')}`);
  return found;
}

function kindNamed(kind: string): CostModelKind | undefined {
  return COST_MODEL_KINDS.find((k) => k.kind === kind);
}

function kindOf(spec: CostModelSpec): CostModelKind {
  const found = kindNamed(spec.kind);
  if (!found) throw new InputError(`cost model "${spec.kind}" is not one of ${COST_MODEL_FORMS.join(', ')}`);
  return found;
}

/** Splits at the first `:` only, so Windows paths (`lut:C:\tables`) survive. */
export function parseCostModelSpec(text: string, where = '--cost'): CostModelSpec {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const kind = kindNamed((colon < 0 ? trimmed : trimmed.slice(0, colon)).toLowerCase());
  if (!kind) throw new InputError(`${where}: ${quoteValue(text)} is not a cost model; use one of ${COST_MODEL_FORMS.join(', ')}`);
  return kind.parse(colon < 0 ? '' : trimmed.slice(colon + 1).trim(), where, text);
}

export function formatCostModelSpec(spec: CostModelSpec): string {
  return kindOf(spec).format(spec);
}

export function costUnitOf(spec: CostModelSpec): CostUnit {
  return kindOf(spec).unit.unit;
}

/**
 * The Frontier view's x-axis label for a cost model named by spec or name (`lut:note10`); a name no kind
 * parses (`measure:wasm`, as a timed model names itself) is labelled by its unit.
 */
export function costAxisLabel(text: string, unit: CostUnit): string {
  try {
    const spec = parseCostModelSpec(text);
    const kind = kindOf(spec);
    return kind.axisLabel?.(spec) ?? `${kind.unit.quantity} (${kind.unit.unit}, ${text})`;
  } catch {
    const known = COST_UNITS.find((u) => u.unit === unit);
    return known ? `${known.quantity} (${unit}, ${text})` : `${unit} (${text})`;
  }
}

/** The cost computed from the architecture alone (MAdds), or undefined when it needs files or timing. */
export function computedCostOf(text: string): ((arch: Arch) => number) | undefined {
  try {
    const spec = parseCostModelSpec(text);
    return kindOf(spec).computedCost?.(spec);
  } catch {
    return undefined;
  }
}

export function costCapabilitiesOf(spec: CostModelSpec): CostModelCapabilities {
  return kindOf(spec).capabilities;
}

/** One line for the user; a spec that does not parse is shown as written. */
export function describeCostModel(text: string): string {
  try {
    const spec = parseCostModelSpec(text);
    return kindOf(spec).describe(spec);
  } catch {
    return text;
  }
}

/** The archive metric a cost model (by spec or by its name, e.g. `lut:note10`) fills, when known without opening it. */
export function costMetricOf(text: string): string | undefined {
  try {
    const spec = parseCostModelSpec(text);
    return kindOf(spec).metricOf(spec);
  } catch {
    return undefined;
  }
}

export function openCostModel(spec: CostModelSpec, context: CostModelOpenContext): Promise<CostModel> {
  return kindOf(spec).open(spec, context);
}

/** The spec with its relative paths taken from `base` (kinds without paths are returned as they are). */
export function absoluteCostSpec(spec: CostModelSpec, base: string): CostModelSpec {
  return kindOf(spec).absolute?.(spec, base) ?? spec;
}
