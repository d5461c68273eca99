// The frontier as files: budgets swept across the trained range, one generated architecture per budget.
import { GenerateResult } from '../shared/engineProtocol';
import { GeneratorInfo } from './generator/generatorInfo';

export const FRONTIER_POINTS = 12;

/** Budget texts evenly spaced over the trained range, ends included. */
export function frontierBudgets(info: GeneratorInfo, points = FRONTIER_POINTS): string[] {
  const low = info.budgets[0];
  const high = info.budgets[info.budgets.length - 1];
  return Array.from({ length: points }, (_, i) => {
    const value = low + ((high - low) * i) / (points - 1);
    return `${Number(value.toFixed(2))}${info.unit === 'ms' ? 'ms' : 'M'}`;
  });
}

const COLUMNS = ['budget', 'unit', 'pnag', 'width', 'resolution', 'madds_M', 'latency_ms', 'top1', 'source', 'estimate', 'cost_model', 'repaired'] as const;

function row(r: GenerateResult): (string | number | boolean | null)[] {
  return [r.budget, r.unit, r.pnag, r.width, r.resolution, r.madds_M, r.latency_ms, r.top1, r.source, r.estimate, r.costModel, r.repaired];
}

function csvField(value: string | number | boolean | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function frontierCsv(results: readonly GenerateResult[]): string {
  return `${[COLUMNS.join(','), ...results.map((r) => row(r).map(csvField).join(','))].join('\n')}\n`;
}

export function frontierJson(results: readonly GenerateResult[]): string {
  const points = results.map((r) => Object.fromEntries(COLUMNS.map((c, i) => [c, row(r)[i]])));
  return `${JSON.stringify({ format: 'pnag-frontier', points }, null, 2)}\n`;
}
