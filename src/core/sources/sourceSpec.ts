// The kinds of accuracy source live in src/core/sources/registry/ (one module each); this file keeps the
// entry points the rest of the code imports.
export type { AccuracySourceKindName, AccuracySourceSpec } from './registry/accuracySourceRegistry';
export { ACCURACY_SOURCE_FORMS, absoluteSourceSpec, formatAccuracySourceSpec, parseAccuracySourceSpec } from './registry/accuracySourceRegistry';
export { BUILTIN_OFA_SPEC } from './registry/ofaKind';
