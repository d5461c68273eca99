// How a long worker job (training, a latency-table build) reports in its notification and the log.
import * as vscode from 'vscode';
import { isInputError, messageOf } from '../core/errors';

type NotificationProgress = vscode.Progress<{ message?: string; increment?: number }>;

/**
 * Reports a job's progress: the notification's bar only moves forward, and the log gets a line every
 * 2 s and the last one (`log: <text>` prefixed with `prefix`).
 */
export function progressReporter(
  progress: NotificationProgress, log: vscode.LogOutputChannel,
  prefix: string,
): (fraction: number, text: string, last: boolean) => void {
  let reported = 0;
  let lastLogged = 0;
  return (fraction, text, last) => {
    progress.report({ message: text, increment: Math.max(0, (fraction - reported) * 100) });
    reported = Math.max(reported, fraction);
    if (Date.now() - lastLogged > 2000 || last) {
      lastLogged = Date.now();
      log.info(`${prefix}: ${text}`);
    }
  };
}

/** A failed job: bad input is the user's to fix (a warning in the log); anything else points to the log. */
export function reportJobFailure(log: vscode.LogOutputChannel, prefix: string, what: string, error: unknown): void {
  if (isInputError(error)) {
    log.warn(`${prefix}: ${messageOf(error)}`);
    void vscode.window.showErrorMessage(`PNAG: ${messageOf(error)}`);
  } else {
    log.error(`${prefix}: ${messageOf(error)}`);
    void vscode.window.showErrorMessage(`PNAG: ${what} failed: ${messageOf(error)} (see the PNAG output channel)`);
  }
}
