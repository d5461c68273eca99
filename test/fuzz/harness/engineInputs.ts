import fc from 'fast-check';
import { ENGINE_BACKENDS, PROGRESS_PHASES } from '../../../src/shared/engineProtocol';
import { frontierPoint } from './messageInputs';

/** Valid messages of the engine worker protocol (src/shared/engineProtocol.ts), the seeds the fuzzer mutates. */

const text = fc.string({ maxLength: 12 });
const count = fc.nat({ max: 1000 });
const num = fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 1e4 });
const id = fc.nat({ max: 50 });

const trainOptions = fc.record(
  {
    accuracy: text, cost: text, budgets: text, k: count, seed: count, archive: text, archiveSize: count, out: text,
    evaluatorEpochs: count, generatorSteps: count, frontierQueries: count,
    backend: fc.constantFrom(...ENGINE_BACKENDS), width: fc.constant(1.2), resolution: fc.constant(224),
  },
  { requiredKeys: [] },
);

const request = fc.oneof(
  fc.record({ type: fc.constant('train'), id, request: trainOptions.map((o) => ({ ...o, workspace: '/w' })) }),
  fc.record({ type: fc.constant('generate'), id, request: fc.record({ workspace: fc.constant('/w'), budget: fc.constant('450M'), bestOf: count, sourceQueries: count, train: trainOptions }, { requiredKeys: ['workspace', 'budget'] }) }),
  fc.record({ type: fc.constant('lutBuild'), id, request: fc.record({ workspace: fc.constant('/w'), resolutions: fc.array(fc.constantFrom(160, 224)), repeats: count, clock: fc.constantFrom('wall', 'cpu'), device: text }, { requiredKeys: ['workspace'] }) }),
  fc.record({ type: fc.constant('frontierData'), id, request: fc.record({ archive: text, unit: fc.constantFrom('M', 'ms'), maddsCount: fc.constantFrom('pnag', 'ofa'), costMetric: text, maxMarks: count }, { requiredKeys: ['archive', 'unit', 'maxMarks'] }) }),
  fc.record({ type: fc.constant('cancel'), id }),
);
export const hostToWorker: fc.Arbitrary<unknown> = request;

const progress = fc.oneof(
  fc.record({ phase: fc.constantFrom(...PROGRESS_PHASES.filter((p) => p !== 'frontier')), step: count, steps: count, reward: fc.double(), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }, { requiredKeys: ['phase', 'step', 'steps'] }),
  fc.record({ phase: fc.constant('frontier'), step: count, steps: count, round: fc.constant(1), rounds: fc.constant(3) }),
);

const trainResult = fc.record({
  kind: fc.constant('train'), checkpoint: text, accuracySource: text, accuracySpec: text, estimate: fc.boolean(), costModel: text, costSpec: text, unit: fc.constantFrom('M', 'ms'),
  budgets: fc.array(num, { maxLength: 3 }), width: num, resolution: num, archs: num, queried: num, reused: num,
  evaluatorTau: fc.double(), finalReward: fc.double(), finalEntropy: fc.double(), seconds: num, notes: fc.array(text, { maxLength: 2 }),
});
const generateResult = fc.record({
  kind: fc.constant('generate'), pnag: text, arch: fc.record({ ks: fc.array(count, { maxLength: 3 }), e: fc.array(count, { maxLength: 3 }), d: fc.array(count, { maxLength: 3 }), r: count }), width: num, resolution: num, madds_M: num,
  latency_ms: fc.option(num, { nil: null }), budget: num, unit: fc.constantFrom('M', 'ms'), costModel: text, top1: fc.option(num, { nil: null }), source: text, estimate: fc.boolean(), repaired: fc.boolean(), clamped: fc.boolean(), checkpoint: text, notes: fc.array(text, { maxLength: 2 }),
});
const frontierResult = fc.record({ kind: fc.constant('frontierData'), points: fc.array(frontierPoint, { maxLength: 3 }), notes: fc.array(text, { maxLength: 2 }), records: count, skipped: fc.array(fc.record({ file: text, line: count, message: text }), { maxLength: 2 }), skippedCount: count });
const lutResult = fc.record({ kind: fc.constant('lutBuild'), outDir: text, costSpec: text, files: fc.array(text, { maxLength: 2 }), measured: num, kept: num, seconds: num, device: text, backend: text, clock: fc.constantFrom('wall', 'cpu') });

export const workerToHost: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ type: fc.constant('progress'), id, progress }),
  fc.record({ type: fc.constant('lutProgress'), id, progress: fc.record({ done: count, total: count, resolution: count, kept: count }) }),
  fc.record({ type: fc.constant('note'), id, text }),
  fc.record({ type: fc.constant('result'), id, result: fc.oneof(trainResult, generateResult, frontierResult, lutResult) }),
  fc.record({ type: fc.constant('error'), id, error: fc.record({ kind: fc.constantFrom('input', 'cancelled', 'internal'), message: text }) }),
  fc.record({ type: fc.constant('protocolError'), message: text }),
);
