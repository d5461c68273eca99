import fc from 'fast-check';
import { parseReplyLine } from '../../src/core/sources/evaluator/protocol';
import { defineFuzzClass, violation } from './harness/fuzzClass';
import { mutatedJson, mutatedText } from './harness/mutate';
import { metricValue } from './harness/validInputs';

/** Replies as docs/evaluator-protocol.md describes them: metrics (top-1 in percent) or an error, by request id. */
const validReply: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ id: fc.oneof(fc.integer({ min: 0, max: 99 }).map(String), fc.integer({ min: 0, max: 99 })), metrics: fc.record({ top1: metricValue, latency_ms: metricValue }, { requiredKeys: ['top1'] }) }),
  fc.record({ id: fc.integer({ min: 0, max: 99 }).map(String), error: fc.oneof(fc.string({ maxLength: 20 }), fc.constant({ code: 3 })) }),
);

const line = fc.oneof(
  { weight: 3, arbitrary: mutatedJson(validReply).map((v) => JSON.stringify(v) ?? '') },
  { weight: 2, arbitrary: mutatedText(validReply.map((v) => JSON.stringify(v))) },
  validReply.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 60, unit: 'binary' }),
);

/** One stdout line of an external evaluator (the process supervisor reads stdout a line at a time). */
export default defineFuzzClass<string>({
  name: 'evaluator replies',
  ciRuns: 10000,
  inputs: line.map((text) => text.split('\n')[0]),
  check(text) {
    const parsed = parseReplyLine(text);
    switch (parsed.kind) {
      case 'blank':
        violation(text.trim() === '', 'a non-blank line read as blank');
        return;
      case 'garbage':
      case 'bad-reply':
        violation(parsed.message.trim() !== '' && !/[\r\n]/.test(parsed.message), 'protocol error message is empty or spans lines', JSON.stringify(parsed.message));
        return;
      case 'reply': {
        const { reply } = parsed;
        violation(typeof reply.id === 'string', 'reply id is not a string', String(reply.id));
        if ('error' in reply) {
          violation(typeof reply.error === 'string', 'reply error is not a string');
          return;
        }
        for (const [name, value] of Object.entries(reply.metrics)) violation(Number.isFinite(value), 'metric is not finite', `${name} = ${value}`);
        const top1 = reply.metrics.top1;
        if (top1 !== undefined) violation(top1 > 1 && top1 <= 100, 'top-1 reply is not a percentage in (1, 100]', String(top1));
      }
    }
  },
  whereOf: () => [],
  knownFailures: [],
});
