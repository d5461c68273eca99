import { InputError } from '../../errors';
import { quoteValue } from '../../util/quoteValue';
import type { AccuracySource } from '../accuracySource';
import type { AccuracySourceKind, AccuracySourceKindCapabilities, AccuracySourceOpenContext, AccuracySourcePick } from './accuracySourceKind';
import { archiveKind } from './archiveKind';
import { evalKind } from './evalKind';
import { ofaKind } from './ofaKind';
import { proxyKind } from './proxyKind';

/** Every kind of accuracy source, in the order help texts, quick picks and the README list them. A new kind is one line here. */
const KINDS = [ofaKind, archiveKind, proxyKind, evalKind] as const;

type SpecOf<K> = K extends AccuracySourceKind<infer S> ? S : never;

/** Where accuracy comes from, parsed: the union of the registered kinds' specs. */
export type AccuracySourceSpec = SpecOf<(typeof KINDS)[number]>;

export type AccuracySourceKindName = AccuracySourceSpec['kind'];

/**
 * The kinds seen through the union of their specs. Each kind is only ever handed a spec whose `kind` it
 * owns (`kindOf`), which is what makes this widening sound.
 */
export const ACCURACY_SOURCE_KINDS: readonly AccuracySourceKind<AccuracySourceSpec>[] = KINDS;

/** The settings word that leaves the choice to the engine's defaults (not a kind: it opens nothing itself). */
export const AUTO_SETTING = 'auto';

/** The forms a user can write on the command line, for help texts and errors. */
export const ACCURACY_SOURCE_FORMS: readonly string[] = ACCURACY_SOURCE_KINDS.flatMap((k) => k.forms);

/** The forms `pnag.accuracySource` takes, `auto` first. */
export const ACCURACY_SETTINGS_FORMS: readonly string[] = [AUTO_SETTING, ...ACCURACY_SOURCE_KINDS.flatMap((k) => k.settingsForms)];

/** package.json's `pnag.accuracySource` pattern, as the kinds declare it. */
export const ACCURACY_SETTINGS_PATTERN = `^(${[AUTO_SETTING, ...ACCURACY_SOURCE_KINDS.map((k) => k.settingsPattern)].join('|')})$`;

/** The quick-pick lines: the defaults first, then every kind's. */
export const ACCURACY_SOURCE_PICKS: readonly AccuracySourcePick[] = [
  { label: 'Automatic', description: 'workspace archive, else OFA predictor, else the estimate', value: AUTO_SETTING },
  ...ACCURACY_SOURCE_KINDS.flatMap((k) => k.picks),
];

function kindNamed(kind: string): AccuracySourceKind<AccuracySourceSpec> | undefined {
  return ACCURACY_SOURCE_KINDS.find((k) => k.kind === kind);
}

function kindOf(spec: AccuracySourceSpec): AccuracySourceKind<AccuracySourceSpec> {
  const found = kindNamed(spec.kind);
  if (!found) throw new InputError(`accuracy source "${String(spec.kind)}" is not one of ${ACCURACY_SOURCE_FORMS.join(', ')}`);
  return found;
}

/** Splits at the first `:` only, so Windows paths (`ofa:C:\x.pth`) and commands with colons survive. */
export function parseAccuracySourceSpec(text: string, where = '--source'): AccuracySourceSpec {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const kind = kindNamed((colon < 0 ? trimmed : trimmed.slice(0, colon)).toLowerCase());
  if (!kind) throw new InputError(`${where}: ${quoteValue(text)} is not a source; use one of ${ACCURACY_SOURCE_FORMS.join(', ')}`);
  return kind.parse(colon < 0 ? '' : trimmed.slice(colon + 1).trim(), where, text);
}

/** The inverse of `parseAccuracySourceSpec`, for settings and checkpoints. */
export function formatAccuracySourceSpec(spec: AccuracySourceSpec): string {
  return kindOf(spec).format(spec);
}

export function sourceCapabilitiesOf(spec: AccuracySourceSpec): AccuracySourceKindCapabilities {
  return kindOf(spec).capabilities;
}

/** The archive file a fixed-measurements source answers from (`archive:<path>`); undefined for sources asked about any network. */
export function datasetPathOf(spec: AccuracySourceSpec): string | undefined {
  return kindOf(spec).datasetPath?.(spec);
}

/** How a spec is named to the user before it is opened: as written, unless its kind says it better. */
export function describeAccuracySource(text: string): string {
  try {
    const spec = parseAccuracySourceSpec(text);
    return kindOf(spec).describe?.(spec) ?? text.trim();
  } catch {
    return text;
  }
}

/**
 * The spec when it names data only (a predictor file, an archive, an estimate), else undefined: what a
 * spec read from a file (a checkpoint's record) may be used as. A command is never taken from a file.
 */
export function dataSourceSpec(text: string): string | undefined {
  try {
    const spec = parseAccuracySourceSpec(text);
    return kindOf(spec).capabilities.runsCommand ? undefined : text.trim();
  } catch {
    return undefined;
  }
}

/** True when the text names a source that runs a command (`eval:`); false for data, and for what does not parse. */
export function runsCommand(text: string): boolean {
  try {
    return sourceCapabilitiesOf(parseAccuracySourceSpec(text)).runsCommand;
  } catch {
    return false;
  }
}

/** The spec with its relative paths taken from `base` (kinds without paths are returned as they are). */
export function absoluteSourceSpec(spec: AccuracySourceSpec, base: string): AccuracySourceSpec {
  return kindOf(spec).absolute?.(spec, base) ?? spec;
}

/** A line printed under a `pnag predict` answer from this spec's kind, when its numbers need one. */
export function sourceCaveatOf(spec: AccuracySourceSpec): string | undefined {
  return kindOf(spec).caveat;
}

export function openAccuracySource(spec: AccuracySourceSpec, context: AccuracySourceOpenContext): Promise<AccuracySource> {
  return kindOf(spec).open(spec, context);
}
