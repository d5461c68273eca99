import { type ChildProcess, spawn } from 'node:child_process';
import { LineSplitter } from './lineSplitter';

export interface EvaluatorProcessEvents {
  /** One line of stdout; `overlongChars`: the line was longer than any reply, and `text` is only its start. */
  line(text: string, overlongChars?: number): void;
  /** One line of stderr (a line longer than MAX_LINE_CHARS cut to that). */
  stderr(text: string): void;
  /** The process is gone and its output fully read (Node's 'close', so no last reply is lost). */
  closed(description: string): void;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * One running evaluator command (through the shell, so a user's command line works as typed), split
 * into lines both ways. Killing takes the whole process group, so `sh -c "python x.py"` leaves no orphan.
 */
export class EvaluatorProcess {
  private readonly child: ChildProcess;
  private closedFlag = false;
  private readonly group = process.platform !== 'win32';

  constructor(command: string, options: SpawnOptions, events: EvaluatorProcessEvents) {
    this.child = spawn(command, {
      shell: true,
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: this.group,
      windowsHide: true,
    });
    splitLines(this.child.stdout, events.line);
    splitLines(this.child.stderr, (text) => events.stderr(text));
    // Writing to a process that just died raises EPIPE; 'close' reports the death itself.
    this.child.stdin?.on('error', () => undefined);
    this.child.on('error', (error) => events.stderr(`could not start: ${error.message}`));
    this.child.on('close', (code, signal) => {
      this.closedFlag = true;
      events.closed(signal ? `was killed by ${signal}` : `exited with code ${code}`);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  send(message: unknown): void {
    if (!this.closedFlag && this.child.stdin?.writable) this.child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  kill(): void {
    if (this.closedFlag || this.child.pid === undefined) return;
    try {
      if (this.group) process.kill(-this.child.pid, 'SIGKILL');
      else this.child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }

  /** Ends stdin (a well-behaved evaluator exits on EOF), then kills it if it has not exited in time. */
  async close(graceMs = 2000): Promise<void> {
    if (this.closedFlag) return;
    const done = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.child.stdin?.end();
    const timer = setTimeout(() => this.kill(), graceMs);
    await done;
    clearTimeout(timer);
  }
}

function splitLines(stream: NodeJS.ReadableStream | null, onLine: (text: string, overlongChars?: number) => void): void {
  if (!stream) return;
  const lines = new LineSplitter(onLine);
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => lines.push(chunk));
  stream.on('end', () => lines.end());
}
