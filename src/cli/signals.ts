import { constants } from 'node:os';

/** Signals that end a run the way Ctrl-C does: cancel, clean up (evaluator processes too), then exit. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/**
 * Calls `stop` on the first SIGINT, SIGTERM or SIGHUP instead of Node's default of dying at once (which
 * leaves an evaluator's process group running). Returns the signal received so far, and a remover.
 */
export function onStopSignal(stop: (signal: StopSignal) => void): { received: () => StopSignal | undefined; remove: () => void } {
  let received: StopSignal | undefined;
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => {
      if (received !== undefined) return;
      received = signal;
      stop(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return {
    received: () => received,
    remove: () => handlers.forEach(([signal, handler]) => process.off(signal, handler)),
  };
}

/** The shell's exit status for a run ended by a signal: 128 + its number (130 for SIGINT, 143 for SIGTERM). */
export function exitCodeFor(signal: StopSignal | undefined): number {
  return 128 + (constants.signals[signal ?? 'SIGINT'] ?? 2);
}
