import { describeClusterProgress } from '../shared/clusterProgressText';
import { describeEvaluations } from '../shared/evaluationCount';
import { type JobProgress, progressFractionOf } from '../shared/engineProtocol';

const PHASE_NAMES: Record<JobProgress['phase'], string> = {
  label: 'labelling',
  cost: 'costing',
  evaluator: 'evaluator',
  generator: 'generator',
  frontier: 'frontier round',
};

export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/** `12s`, `3m05s`, `16h40m` (an evaluation budget's time left runs to hours). */
export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '';
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** How long one evaluation takes: `1m05s`, and to a tenth of a second or in ms below ten seconds (a fast evaluator read `0s each`). */
export function formatEach(seconds: number): string {
  const tenths = Math.round(seconds * 10) / 10;
  if (tenths >= 10) return formatEta(seconds);
  return tenths >= 0.1 ? `${tenths.toFixed(1)}s` : `${Math.round(seconds * 1000)}ms`;
}

/** One line describing a progress report, without the bar. */
export function describeProgress(p: JobProgress): string {
  // While the coverage design is measured, the evaluations are the place.
  const parts =
    p.evaluations && p.phase === 'label'
      ? []
      : p.phase === 'frontier'
      ? [`${PHASE_NAMES.frontier} ${p.round ?? '?'}/${p.rounds ?? '?'}`, `queries ${p.step}/${p.steps}`]
      : [`${PHASE_NAMES[p.phase]} ${p.step}/${p.steps}`];
  if (p.evaluations) parts.push(describeEvaluations(p.evaluations, formatEach));
  if (p.cluster) parts.push(describeClusterProgress(p.cluster));
  if (p.loss !== undefined) parts.push(`loss ${p.loss.toFixed(4)}`);
  if (p.reward !== undefined) parts.push(`reward ${p.reward.toFixed(3)}`);
  if (p.entropy !== undefined) parts.push(`entropy ${p.entropy.toFixed(2)}`);
  const eta = formatEta(p.etaSeconds);
  if (eta) parts.push(`eta ${eta}`);
  return parts.join('  ');
}

/**
 * Progress on stderr: a bar redrawn in place on a terminal; plain lines otherwise (a log, CI), at most
 * one per `lineIntervalMs` and one at each phase's start and end, never the same line twice in a row, so
 * logs stay short.
 */
export class ProgressBar {
  private drawn = false;
  private lastLine = 0;
  private lastPhase: string | undefined;
  private lastText: string | undefined;
  private endedStage: string | undefined;

  constructor(
    private readonly stream: ProgressStream = process.stderr,
    private readonly lineIntervalMs = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  update(p: JobProgress): void {
    const text = describeProgress(p);
    if (this.stream.isTTY) {
      const width = Math.max(10, Math.min(30, (this.stream.columns ?? 80) - text.length - 4));
      const filled = Math.round(width * progressFractionOf(p));
      this.stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K`);
      this.drawn = true;
      return;
    }
    const t = this.now();
    const phaseChanged = p.phase !== this.lastPhase;
    // A phase (a frontier round) may report its last step many times while the learning after it runs: its end
    // is written once, and a line identical to the last one never, so a log of a long training stays short.
    const stage = `${p.phase}:${p.round ?? ''}`;
    const reachedEnd = p.step >= p.steps && this.endedStage !== stage;
    if (phaseChanged || ((reachedEnd || t - this.lastLine >= this.lineIntervalMs) && text !== this.lastText)) {
      this.stream.write(`${text}\n`);
      this.lastLine = t;
      this.lastPhase = p.phase;
      this.lastText = text;
      if (p.step >= p.steps) this.endedStage = stage;
    }
  }

  /** A message line; on a terminal it goes above the bar. */
  note(text: string): void {
    this.clear();
    this.stream.write(`${text}\n`);
  }

  /** Removes the bar so the next output starts on a clean line. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
