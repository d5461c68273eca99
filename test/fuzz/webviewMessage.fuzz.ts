import fc from 'fast-check';
import { parseHostMessage, parseViewState, parseWebviewMessage } from '../../src/shared/protocol';
import { defineFuzzClass, violation } from './harness/fuzzClass';
import { hostMessage, viewState, webviewMessage } from './harness/messageInputs';
import { mutatedJson, nastyJsValue } from './harness/mutate';

const PARSERS = { webview: parseWebviewMessage, host: parseHostMessage, state: parseViewState } as const;
type Direction = keyof typeof PARSERS;

interface MessageInput {
  readonly direction: Direction;
  readonly value: unknown;
}

const forDirection = (direction: Direction, valid: fc.Arbitrary<unknown>): fc.Arbitrary<MessageInput> =>
  fc.oneof({ weight: 4, arbitrary: mutatedJson(valid, nastyJsValue) }, valid, nastyJsValue).map((value) => ({ direction, value }));

/**
 * The Frontier view's messages, both ways, and its saved state: the validators of src/shared/protocol.ts.
 * A validator returns undefined for anything that is not a message, never throws, and what it returns
 * survives the JSON boundary VS Code puts between host and webview.
 */
export default defineFuzzClass<MessageInput>({
  name: 'webview messages',
  ciRuns: 6000,
  inputs: fc.oneof(forDirection('webview', webviewMessage), forDirection('host', hostMessage), forDirection('state', viewState)),
  check({ direction, value }) {
    const parse = PARSERS[direction] as (v: unknown) => unknown;
    const parsed = parse(value);
    if (parsed === undefined) return;
    const json = JSON.stringify(parsed);
    violation(json !== undefined, 'a parsed message is not JSON');
    const again = parse(JSON.parse(json));
    violation(JSON.stringify(again) === json, 'a parsed message does not survive the JSON boundary', `${json.slice(0, 200)} became ${String(JSON.stringify(again)).slice(0, 200)}`);
    if (direction === 'webview') {
      const message = parsed as { type: string; budget?: number };
      if (message.type === 'generateAt') violation(Number.isFinite(message.budget) && (message.budget as number) > 0, 'generateAt with a budget that is not positive');
    }
  },
  whereOf: () => [],
  show: (input) => `${input.direction}: ${safeShow(input.value)}`,
});

function safeShow(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
