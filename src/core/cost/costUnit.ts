import type { CostUnit } from '../../shared/protocol';

export type { CostUnit };

/**
 * How budgets and costs in one unit are read and written. Declared by the cost-model kinds that cost in
 * it (src/core/cost/registry/), so the parser, the prompts and the Frontier view never switch on a unit.
 */
export interface CostUnitDescriptor {
  /** Stored in checkpoints and written after an amount by the Frontier view: `M`, `ms`. */
  readonly unit: CostUnit;
  /** What it measures, after a range of amounts: `MAdds`, `latency`. */
  readonly quantity: string;
  /** Suffixes a budget may end with (lower case, spaces removed) and the factor into `unit`. */
  readonly suffixes: Readonly<Record<string, number>>;
  /** What a budget in this unit is, for errors: `multiply-adds in M or G (the cost model counts MAdds)`. */
  readonly writeAs: string;
  /** The units a user types, for prompts: `M or G MAdds`. */
  readonly hint: string;
  /** The cost models that count in it, as `--cost` names them: `madds or madds:ofa`. */
  readonly costOptions: string;
  /** Written after a number, the budget parser reads it back in this unit: `M`, `ms`. */
  readonly suffix: string;
  /** Digits an amount is shown with. */
  readonly decimals: number;
  /** An amount, from its rounded number: `450M`, `21.5 ms`. */
  readonly amount: (number: string) => string;
  /** An amount standing alone, in CLI output: `450M MAdds`, `21.5 ms`. */
  readonly longAmount: (number: string) => string;
  /** The slider's step, and what default budget ranges are rounded to. */
  readonly step: number;
  /** Default training budgets at width 1.2 and resolution 224 (the paper's task), when the unit has one. */
  readonly standardBudgets?: string;
}

/** `450M`, `21.5 ms`: rounded to the unit's digits. */
export function formatCost(value: number, unit: CostUnitDescriptor): string {
  return unit.amount(Number(value.toFixed(unit.decimals)).toString());
}
