import fc from 'fast-check';
import { type FrontierData, type FrontierPoint, SERIES_KINDS, VALUE_ORIGINS, VIEW_COMMANDS } from '../../../src/shared/protocol';
import { toPnagString } from '../../../src/core/space/pnagString';
import { validArch } from './validInputs';

/** Valid messages of the webview protocol (src/shared/protocol.ts), the seeds the fuzzer mutates. */

const text = fc.string({ maxLength: 12 });
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
const archText = validArch.map(toPnagString);

export const frontierPoint: fc.Arbitrary<FrontierPoint> = fc.record(
  {
    id: text,
    series: fc.constantFrom(...SERIES_KINDS),
    label: text,
    x: finite,
    y: finite,
    xOrigin: fc.constantFrom(...VALUE_ORIGINS),
    yOrigin: fc.constantFrom(...VALUE_ORIGINS),
    arch: archText,
    width: fc.constantFrom(1, 1.2),
    resolution: fc.constantFrom(160, 224),
    source: text,
    details: fc.array(text, { maxLength: 3 }),
  },
  { requiredKeys: ['id', 'series', 'label', 'x', 'y', 'xOrigin', 'yOrigin', 'source', 'details'] },
);

export const frontierData: fc.Arbitrary<FrontierData> = fc.record(
  {
    unit: fc.constantFrom('M' as const, 'ms' as const),
    xLabel: text,
    yLabel: text,
    points: fc.array(frontierPoint, { maxLength: 4 }),
    trainedBudgets: fc.array(finite, { maxLength: 4 }),
    budgetRange: fc.record({ min: fc.constant(100), max: fc.constant(700), step: fc.constant(5) }),
    accuracySource: text,
    costModel: text,
    notes: fc.array(text, { maxLength: 3 }),
  },
  { requiredKeys: ['unit', 'xLabel', 'yLabel', 'points', 'trainedBudgets', 'notes'] },
);

const archCosts = fc.record({ arch: archText, width: fc.constant(1.2), resolution: fc.constant(224), maddsOfaM: finite, maddsPnagM: finite, paramsM: finite });

export const webviewMessage: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom({ type: 'ready' }, { type: 'generate' }, { type: 'refresh' }),
  fc.record({ type: fc.constant('generateAt'), requestId: fc.nat(), budget: fc.double({ min: 1, max: 1000, noNaN: true }) }),
  fc.record({ type: fc.constantFrom('insertArch', 'copyArch'), arch: archText, width: fc.constant(1.2), resolution: fc.constant(224) }),
  fc.record({ type: fc.constant('exportPlot'), plot: fc.oneof(fc.record({ format: fc.constant('svg'), svg: fc.constant('<svg></svg>') }), fc.record({ format: fc.constant('png'), pngBase64: fc.constant('iVBORw0KGgo=') })) }),
  fc.record({ type: fc.constant('exportFrontier'), format: fc.constantFrom('csv', 'json') }),
  fc.record({ type: fc.constant('runCommand'), command: fc.constantFrom(...VIEW_COMMANDS) }),
);

export const hostMessage: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ type: fc.constant('showCosts'), costs: fc.option(archCosts, { nil: null }) }),
  fc.record({ type: fc.constant('showFrontier'), data: fc.option(frontierData, { nil: null }), busy: fc.boolean() }),
  fc.record({ type: fc.constant('generated'), requestId: fc.nat(), budget: finite, point: frontierPoint, error: text }, { requiredKeys: ['type', 'requestId', 'budget', 'point'] }),
);

export const viewState: fc.Arbitrary<unknown> = fc.record(
  { costs: fc.option(archCosts, { nil: null }), data: fc.option(frontierData, { nil: null }), budget: finite, live: frontierPoint },
  { requiredKeys: ['costs'] },
);
