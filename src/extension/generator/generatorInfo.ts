// What the host needs to know about a trained generator before asking for a budget: its cost unit, its
// training budgets and the sources it learned from, read by the one checkpoint reader (weights ignored).
import { type CheckpointMeta, readCheckpointMeta } from '../../core/pipeline/checkpointMeta';
import { dataSourceSpec } from '../../core/sources/registry/accuracySourceRegistry';

/**
 * The recorded spec when it names data only (`ofa:`, `archive:`, `proxy`), for the editor lens's fallback
 * when the settings leave the source to `auto`; an `eval:` command from a file never runs (docs/security.md).
 */
export function recordedDataSource(info: Pick<CheckpointMeta, 'accuracySpec'> | undefined): string | undefined {
  const spec = info?.accuracySpec?.trim();
  return spec !== undefined ? dataSourceSpec(spec) : undefined;
}

/**
 * A parsed checkpoint as the host uses it, or undefined when it is none: the host treats a file it cannot
 * read as "no generator yet" (the engine's own load says what is wrong). A budget range needs two budgets.
 */
export function generatorInfoOf(value: unknown, where = 'checkpoint'): CheckpointMeta | undefined {
  try {
    const meta = readCheckpointMeta(value, where);
    return meta.budgets.length >= 2 ? meta : undefined;
  } catch {
    return undefined;
  }
}
