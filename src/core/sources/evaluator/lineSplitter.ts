/** Longest line an evaluator's stdout or stderr may have: a reply is under a kilobyte. */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * Splits a stream's text into lines, each chunk scanned once: joining every chunk onto one buffer and searching it
 * from the start made a 20 MB line without a newline take 48 s. A line longer than `maxChars` keeps only its start
 * and is reported with its full length, so an evaluator that dumps a tensor to stdout is caught at once, with
 * bounded memory.
 */
export class LineSplitter {
  private parts: string[] = [];
  private kept = 0;
  private length = 0;

  constructor(
    private readonly onLine: (text: string, overlongChars?: number) => void,
    private readonly maxChars = MAX_LINE_CHARS,
  ) {}

  push(chunk: string): void {
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline !== -1; newline = chunk.indexOf('\n', start)) {
      this.take(chunk.slice(start, newline));
      this.flush();
      start = newline + 1;
    }
    this.take(chunk.slice(start));
  }

  /** The stream ended: a last line without its newline is a line too. */
  end(): void {
    if (this.length > 0) this.flush();
  }

  private take(piece: string): void {
    const room = this.maxChars - this.kept;
    if (room > 0) {
      const kept = piece.length > room ? piece.slice(0, room) : piece;
      this.parts.push(kept);
      this.kept += kept.length;
    }
    this.length += piece.length;
  }

  private flush(): void {
    const text = this.parts.join('').replace(/\r$/, '');
    const length = this.length;
    this.parts = [];
    this.kept = 0;
    this.length = 0;
    if (length > this.maxChars) this.onLine(text, length);
    else this.onLine(text);
  }
}
