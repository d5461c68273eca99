import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { parseHostToWorker, parseWorkerToHost, workerMessageProblem } from '../../src/shared/engineProtocol';
import { defineFuzzClass, violation } from './harness/fuzzClass';
import { hostToWorker, workerToHost } from './harness/engineInputs';
import { mutatedJson, nastyJsValue } from './harness/mutate';

interface EngineInput {
  readonly toWorker: boolean;
  readonly value: unknown;
}

const messages = (toWorker: boolean, valid: fc.Arbitrary<unknown>): fc.Arbitrary<EngineInput> =>
  fc.oneof({ weight: 4, arbitrary: mutatedJson(valid, nastyJsValue) }, valid, nastyJsValue).map((value) => ({ toWorker, value }));

/**
 * Messages between the extension host (or CLI) and the engine worker, as they arrive: structured clones.
 * Validators never throw; what they accept survives another clone; a refused worker message gets a one-line
 * reason naming the message.
 */
export default defineFuzzClass<EngineInput>({
  name: 'engine messages',
  ciRuns: 6000,
  inputs: fc.oneof(messages(true, hostToWorker), messages(false, workerToHost)),
  check({ toWorker, value }) {
    const arrived = structuredClone(value);
    const parse = toWorker ? parseHostToWorker : parseWorkerToHost;
    const parsed = parse(arrived);
    if (parsed === undefined) {
      if (!toWorker) {
        const problem = workerMessageProblem(arrived);
        violation(problem.trim() !== '' && !/[\r\n]/.test(problem), 'worker-message problem is empty or spans lines', JSON.stringify(problem));
      }
      return;
    }
    violation(isDeepStrictEqual(parse(structuredClone(parsed)), parsed), 'an accepted message reads differently after another clone');
  },
  whereOf: () => [],
});
