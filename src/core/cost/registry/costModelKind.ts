import type { Arch } from '../../space/arch';
import type { CostModel } from '../costModel';
import type { CostUnitDescriptor } from '../costUnit';
import type { MeasureOptions } from '../measuredLatency';

/**
 * A cost model as a user writes it, parsed: its kind plus the kind's own fields (`count` for MAdds,
 * `path` for tables). Only the kind's module reads the fields; everything else passes the spec along.
 */
export interface CostModelSpec {
  readonly kind: string;
  readonly [field: string]: string | undefined;
}

/** What a cost model can do, asked instead of checking its class or its spec's prefix. */
export interface CostModelCapabilities {
  /** Deterministic and synchronous (`costOf`): budgets can be checked and guaranteed with it. */
  readonly exact: boolean;
  /** Timed on a device (tables measured there, or timing here) rather than counted from the network. */
  readonly measured: boolean;
  /** Answered in plain JS in well under a millisecond per architecture: affordable for every candidate. */
  readonly cheap: boolean;
  readonly needsTensorFlow: boolean;
}

/** A quick-pick line: a fixed spec, or the spec prefix a picked file or folder completes. */
export interface CostModelPick {
  readonly label: string;
  readonly description: string;
  readonly value: string | { readonly prefix: string; readonly pickLabel: string; readonly folders: boolean };
}

/**
 * What opening a cost model may need from the engine. Passed in, so the registry (which the extension
 * host reads for quick picks and descriptions) never loads TensorFlow.js itself.
 */
export interface CostModelOpenContext {
  readonly measure: MeasureOptions;
  /** The device name a table is reported and stored under, overriding the one it names (`--device`). */
  readonly device?: string;
  /** Builds and times networks on this machine (TensorFlow.js): only the engine provides it. */
  readonly timeOnThisMachine: (options: MeasureOptions) => Promise<CostModel>;
}

/** Everything the rest of the code asks of one kind of cost model; one module per kind. */
export interface CostModelKind {
  readonly kind: string;
  /** The forms a user can write, as listed in help texts and the README (`lut:<dir|file>`). */
  readonly forms: readonly string[];
  /** Examples of every form, written out (the contract test checks each against the settings pattern). */
  readonly examples: readonly string[];
  /** Regular-expression alternatives of package.json's `pnag.costModel` pattern for this kind. */
  readonly settingsPattern: string;
  readonly picks: readonly CostModelPick[];
  readonly capabilities: CostModelCapabilities;
  /** The spec after `kind[:...]`; `rest` is '' without a colon. Bad input throws InputError naming `where`. */
  parse(rest: string, where: string, text: string): CostModelSpec;
  format(spec: CostModelSpec): string;
  /** The unit budgets are written in, known before the model is opened (kinds may share one). */
  readonly unit: CostUnitDescriptor;
  /** One line for the user: what the costs are. */
  describe(spec: CostModelSpec): string;
  /** The Frontier view's x-axis label; without it, `<quantity> (<unit>, <name>)`. */
  readonly axisLabel?: (spec: CostModelSpec) => string;
  /** The cost from the architecture alone, cheap enough for the extension host and every archive mark. */
  readonly computedCost?: (spec: CostModelSpec) => (arch: Arch) => number;
  /** The archive metric this kind fills, when it is known from the spec alone. */
  metricOf(spec: CostModelSpec): string | undefined;
  open(spec: CostModelSpec, context: CostModelOpenContext): Promise<CostModel>;
  /** The spec with relative paths taken from `base`, so a checkpoint that records it works from any folder. */
  readonly absolute?: (spec: CostModelSpec, base: string) => CostModelSpec;
}
