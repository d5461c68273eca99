/**
 * A user's evaluator could not give an answer (it crashed, timed out, failed on every network asked, or its cluster's
 * scheduler stopped answering); every result it did give is already in the archive. Not a bug of PNAG: the worker
 * shows its message without a stack.
 */
export class EvaluatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluatorError';
  }
}
