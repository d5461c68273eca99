import { type Metrics, checkMetrics } from '../../archive/archiveRecord';
import { messageOf } from '../../errors';
import type { Arch } from '../../space/arch';
import { type OfaDict, toOfaDict } from '../../space/ofaDict';
import { toPnagString } from '../../space/pnagString';
import { abbreviate } from '../../../shared/abbreviate';

// The evaluator's callers quote ids and commands with the same cut.
export { abbreviate };

/**
 * The external-evaluator protocol: JSON Lines over the command's stdin (requests) and stdout (replies).
 * stdout carries replies only; anything else the command wants to say goes to stderr.
 */
export interface EvaluatorRequest {
  id: string;
  /** OFA's `set_active_subnet` dict (unused slots repeat the stage's last layer), with `r` and `w`. */
  arch: Required<OfaDict> & { r: number };
  pnag: string;
  width: number;
  resolution: number;
}

export type EvaluatorReply = { id: string; metrics: Metrics } | { id: string; error: string };

/** What one stdout line turned out to be. */
export type ParsedLine =
  | { kind: 'blank' }
  | { kind: 'reply'; reply: EvaluatorReply }
  /** A JSON reply for a known id whose content is wrong: that request fails, the process is fine. */
  | { kind: 'bad-reply'; id: string; message: string }
  /** Not a reply at all: the stream can no longer be trusted. */
  | { kind: 'garbage'; message: string };

export function makeRequest(id: string, arch: Arch): EvaluatorRequest {
  return { id, arch: toOfaDict(arch), pnag: toPnagString(arch), width: arch.width, resolution: arch.resolution };
}

export function parseReplyLine(line: string): ParsedLine {
  const text = line.trim();
  if (text === '') return { kind: 'blank' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'garbage', message: `not JSON: ${JSON.stringify(abbreviate(text))}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'garbage', message: `not a JSON object: ${JSON.stringify(abbreviate(text))}` };
  }
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' && typeof v.id !== 'number') {
    return { kind: 'garbage', message: `a JSON object without an "id": ${JSON.stringify(abbreviate(text))}` };
  }
  const id = String(v.id);
  if (v.error !== undefined) return { kind: 'reply', reply: { id, error: typeof v.error === 'string' ? v.error : JSON.stringify(v.error) } };
  try {
    const metrics = checkMetrics(v.metrics, 'reply');
    const problem = top1Problem(metrics.top1);
    if (problem !== undefined) return { kind: 'bad-reply', id, message: problem };
    return { kind: 'reply', reply: { id, metrics } };
  } catch (error) {
    return { kind: 'bad-reply', id, message: messageOf(error) };
  }
}

/**
 * Top-1 is a percentage in (1, 100]. A value of at most 1 is almost surely a fraction (0.78 for 78 %), which
 * would rank every architecture as useless; anything outside 0..100 is not an accuracy at all.
 */
export function top1Problem(top1: number | undefined): string | undefined {
  if (top1 === undefined) return undefined;
  if (top1 < 0 || top1 > 100) return `top1 ${top1} is not a percentage in [0, 100]`;
  if (top1 <= 1) return `top1 ${top1} looks like a fraction; reply with a percentage (${Number((top1 * 100).toFixed(3))} for ${top1})`;
  return undefined;
}
