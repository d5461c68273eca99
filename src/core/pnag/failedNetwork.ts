import type { Arch } from '../space/arch';

/** A network the accuracy source failed on (an evaluator out of GPU memory, say), and the source's message. */
export interface FailedNetwork {
  readonly arch: Arch;
  readonly reason: string;
}
