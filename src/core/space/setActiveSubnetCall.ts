import { InputError } from '../errors';
import { type LiteralValue, readCallArguments } from './pythonLiteral';
import { LAYER_SLOTS, STAGE_COUNT } from './searchSpace';

/** `set_active_subnet(`, with or without a receiver such as `ofa_network.` or `self.net.`. */
export const SET_ACTIVE_SUBNET_CALL = /^\s*(?:[A-Za-z_][\w]*\s*\.\s*)*set_active_subnet\s*\(/;

export function looksLikeSetActiveSubnet(text: string): boolean {
  return SET_ACTIVE_SUBNET_CALL.test(text);
}

/** OFA's val2list: a single number stands for the same value in every slot. */
function spread(value: LiteralValue | undefined, count: number): LiteralValue | undefined {
  return typeof value === 'number' ? new Array<number>(count).fill(value) : value;
}

/**
 * The OFA dict a `set_active_subnet(ks=..., e=..., d=...)` call sets, as OFA reads its arguments:
 * keywords or positional `(ks, e, d)`, a single number meaning every slot. The whole text must be the call.
 */
export function readSetActiveSubnet(text: string): { ks?: LiteralValue; e?: LiteralValue; d?: LiteralValue } {
  const head = SET_ACTIVE_SUBNET_CALL.exec(text);
  if (!head) throw new InputError('set_active_subnet: expected a call set_active_subnet(ks=[...], e=[...], d=[...])');
  const args = readCallArguments(text, head[0].length, 'set_active_subnet');
  if (text.slice(args.end).replace(/#.*$/gm, '').trim() !== '') {
    throw new InputError(`set_active_subnet: unexpected text after the call at character ${args.end + 1}`);
  }
  const unknown = Object.keys(args.keyword).filter((k) => !['ks', 'e', 'd'].includes(k));
  if (unknown.length > 0) throw new InputError(`set_active_subnet: unknown argument ${unknown.join(', ')} (expected ks, e, d)`);
  if (args.positional.length > 3) throw new InputError(`set_active_subnet: expected at most 3 arguments (ks, e, d), got ${args.positional.length}`);
  const [ks, e, d] = [args.keyword.ks ?? args.positional[0], args.keyword.e ?? args.positional[1], args.keyword.d ?? args.positional[2]];
  return { ks: spread(ks, LAYER_SLOTS), e: spread(e, LAYER_SLOTS), d: spread(d, STAGE_COUNT) };
}
