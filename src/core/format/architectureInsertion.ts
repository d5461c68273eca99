import type { PredictedTop1 } from '../../shared/engineJobs';
import type { Arch } from '../space/arch';
import { toNetworkConfig } from '../space/networkConfig';
import { toCompactOfaDict, toOfaDict } from '../space/ofaDict';

/**
 * How a Python file receives an architecture: OFA's call, the dict it takes (`'r': 224`), or the dict
 * OFA's tutorial `AccuracyPredictor` / `LatencyEstimator` / `EvolutionFinder` read (`'r': [224]`).
 */
export type PythonInsertion = 'setActiveSubnet' | 'dict' | 'ofaTutorialDict';
/** How a JSON file receives an architecture: OFA's full network config, or the compact dict. */
export type JsonInsertion = 'networkConfig' | 'dict';

export const PYTHON_INSERTIONS: readonly PythonInsertion[] = ['setActiveSubnet', 'dict', 'ofaTutorialDict'];
export const JSON_INSERTIONS: readonly JsonInsertion[] = ['networkConfig', 'dict'];

/** The figures the comment above an inserted architecture carries. */
export interface InsertionFacts {
  /** The budget as the user typed it, e.g. `450M`. */
  readonly budget?: string;
  readonly maddsM: number;
  /** The cost model's name, e.g. `madds:pnag`, `lut:note10`. */
  readonly costModel: string;
  readonly paramsM?: number;
  readonly latencyMs?: number | null;
  readonly top1?: number | null;
  readonly accuracySource: string;
  /** True when top-1 is a training-free estimate, not an accuracy. */
  readonly estimate?: boolean;
  /**
   * With no top-1 (no source asked at generation): what the training knows of the answer, its measurement during
   * training (`memory`) or its accuracy model's prediction (`model`), and the source it was trained on.
   */
  readonly predicted?: PredictedTop1;
}

export interface InsertionOptions {
  readonly python?: PythonInsertion;
  readonly json?: JsonInsertion;
  /** Whitespace before the cursor on its line: continuation lines get it, so blocks stay aligned. */
  readonly indent?: string;
  /** Receiver of `set_active_subnet`, as in OFA's README. */
  readonly receiver?: string;
}

/** The text to insert, and whether it carries the comment (languages without comments get none). */
export interface Insertion {
  readonly text: string;
  readonly commented: boolean;
}

const LINE_COMMENT: Record<string, string> = {
  python: '#',
  yaml: '#',
  jsonc: '//',
  typescript: '//',
  javascript: '//',
  typescriptreact: '//',
  javascriptreact: '//',
};

const SCRIPT_LANGUAGES = new Set(['typescript', 'javascript', 'typescriptreact', 'javascriptreact']);

function fixed(value: number, digits: number): string {
  return Number(value.toFixed(digits)).toString();
}

/** One line: budget, costs, params, top-1 and where each number came from. */
export function describeFacts(facts: InsertionFacts, arch: Arch): string {
  const parts: string[] = [];
  if (facts.budget) parts.push(`budget ${facts.budget}`);
  parts.push(`${fixed(facts.maddsM, 1)}M MAdds`);
  if (facts.latencyMs !== undefined && facts.latencyMs !== null) parts.push(`${fixed(facts.latencyMs, 2)} ms`);
  parts[parts.length - 1] += ` (${facts.costModel})`;
  if (facts.paramsM !== undefined) parts.push(`${fixed(facts.paramsM, 2)}M params`);
  if (facts.top1 !== undefined && facts.top1 !== null) {
    parts.push(`top-1 ${fixed(facts.top1, 2)}% (${facts.accuracySource}${facts.estimate ? ', an estimate' : ''})`);
  } else if (facts.predicted?.from === 'memory') {
    parts.push(`top-1 ${fixed(facts.predicted.top1, 2)}% (${facts.predicted.source}, measured during training)`);
  } else if (facts.predicted) {
    parts.push(`top-1 about ${fixed(facts.predicted.top1, 2)}% (predicted by the training's accuracy model of ${facts.predicted.source}, not measured)`);
  } else {
    parts.push(`top-1 unknown (${facts.accuracySource})`);
  }
  parts.push(`r${arch.resolution} w${fixed(arch.width, 1)}`);
  return `PNAG: ${parts.join(', ')}`;
}

function list(values: readonly number[]): string {
  return `[${values.join(', ')}]`;
}

/**
 * `{"ks": [..], "e": [..], "d": [..], "r": 224, "w": 1.2}` on one line, keys quoted or not; the
 * tutorial flavour writes `r` as a one-element list.
 */
function inlineDict(arch: Arch, quote: string, withSlots: 'ofa' | 'compact', resolutionAsList = false): string {
  const dict = withSlots === 'ofa' ? toOfaDict(arch) : toCompactOfaDict(arch);
  const key = (name: string) => `${quote}${name}${quote}`;
  const r = resolutionAsList ? `[${dict.r}]` : String(dict.r);
  return `{${key('ks')}: ${list(dict.ks)}, ${key('e')}: ${list(dict.e)}, ${key('d')}: ${list(dict.d)}, ${key('r')}: ${r}, ${key('w')}: ${fixed(dict.w, 1)}}`;
}

function pythonBody(arch: Arch, options: InsertionOptions): string {
  const form = options.python ?? 'setActiveSubnet';
  if (form === 'dict') return inlineDict(arch, "'", 'ofa');
  if (form === 'ofaTutorialDict') return inlineDict(arch, "'", 'ofa', true);
  // OFA reads every slot, so unused ones repeat the stage's last layer (toOfaDict), never 0.
  const dict = toOfaDict(arch);
  return `${options.receiver ?? 'ofa_network'}.set_active_subnet(ks=${list(dict.ks)}, e=${list(dict.e)}, d=${list(dict.d)})`;
}

function jsonBody(arch: Arch, options: InsertionOptions): string {
  if ((options.json ?? 'networkConfig') === 'dict') return JSON.stringify(JSON.parse(inlineDict(arch, '"', 'compact')), null, 2);
  return JSON.stringify(toNetworkConfig(arch), null, 2);
}

function yamlBody(arch: Arch): string {
  const dict = toCompactOfaDict(arch);
  return [`ks: ${list(dict.ks)}`, `e: ${list(dict.e)}`, `d: ${list(dict.d)}`, `r: ${dict.r}`, `w: ${fixed(dict.w, 1)}`].join('\n');
}

function indentContinuation(text: string, indent: string): string {
  return indent === '' ? text : text.split('\n').join(`\n${indent}`);
}

/**
 * The architecture as the language at the cursor writes it, with a comment of its facts where the
 * language has comments. Pure, so every format is unit-tested without VS Code.
 */
export function formatInsertion(languageId: string, arch: Arch, facts: InsertionFacts, options: InsertionOptions = {}): Insertion {
  const comment = LINE_COMMENT[languageId];
  const describe = describeFacts(facts, arch);
  let body: string;
  let commented = comment !== undefined;
  if (languageId === 'python') {
    body = pythonBody(arch, options);
  } else if (languageId === 'json' || languageId === 'jsonc') body = jsonBody(arch, options);
  else if (languageId === 'yaml') body = yamlBody(arch);
  else if (SCRIPT_LANGUAGES.has(languageId)) body = inlineDict(arch, '', 'compact');
  else if (languageId === 'markdown') {
    body = `${describe}\n\n\`\`\`json\n${JSON.stringify(JSON.parse(inlineDict(arch, '"', 'compact')))}\n\`\`\``;
    commented = true;
    return { text: indentContinuation(body, options.indent ?? ''), commented };
  } else {
    body = JSON.stringify(JSON.parse(inlineDict(arch, '"', 'compact')), null, 2);
    commented = false;
  }
  const text = comment !== undefined ? `${comment} ${describe}\n${body}` : body;
  return { text: indentContinuation(text, options.indent ?? ''), commented };
}
