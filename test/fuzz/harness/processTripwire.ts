import childProcess from 'node:child_process';
import { Violation } from './fuzzClass';

const STARTERS = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;
type Starter = (typeof STARTERS)[number];

/**
 * While armed, every way node:child_process starts a process throws a Violation instead: no file a reader is
 * given may make PNAG run a command (issue 11 §1).
 */
export function armProcessTripwire(reader: string): () => void {
  const saved = new Map<Starter, unknown>();
  const target = childProcess as unknown as Record<Starter, unknown>;
  for (const name of STARTERS) {
    saved.set(name, target[name]);
    target[name] = () => {
      throw new Violation(`${reader} started a process`, name);
    };
  }
  return () => {
    for (const [name, original] of saved) target[name] = original;
  };
}
