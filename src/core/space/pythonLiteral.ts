import { InputError } from '../errors';

/**
 * A value written as a literal: what Python's `repr` of OFA's dicts and configs prints, what JSON holds,
 * and what a JavaScript object literal of numbers holds.
 */
export type LiteralValue = number | string | boolean | null | LiteralValue[] | { [key: string]: LiteralValue };

/** The text is not a literal at all (code, an expression, a typo), as opposed to a literal with wrong values. */
export class LiteralSyntaxError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'LiteralSyntaxError';
  }
}

/** Sets a key as plain data: a `__proto__` key in the text stays a key, never a prototype. */
export function setOwn(target: Record<string, LiteralValue>, key: string, value: LiteralValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Deeper nesting than any architecture or network config needs: refused instead of overflowing the stack. */
export const MAX_LITERAL_DEPTH = 64;

const NAMED: Record<string, LiteralValue> = { True: true, False: false, None: null, true: true, false: false, null: null };
const CLOSER: Record<string, string> = { '{': '}', '[': ']', '(': ')' };
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', '\\': '\\', "'": "'", '"': '"', '/': '/' };

/**
 * Reads Python literals (dicts, lists, tuples, numbers, quoted strings, True/False/None) with trailing
 * commas and `#` comments, and the JSON and JavaScript spellings of the same (true/null, bare keys, `//`).
 * It never evaluates anything: names other than the literal constants are refused.
 */
export class LiteralReader {
  private pos: number;

  constructor(
    private readonly text: string,
    start = 0,
    private readonly where = 'literal',
  ) {
    this.pos = start;
  }

  get offset(): number {
    return this.pos;
  }

  /** Skips blanks and comments; true while text remains. */
  skipBlank(): boolean {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\ufeff') this.pos++;
      else if (c === '#' || (c === '/' && text[this.pos + 1] === '/')) {
        const eol = text.indexOf('\n', this.pos);
        this.pos = eol < 0 ? text.length : eol;
      } else return true;
    }
    return false;
  }

  peek(): string {
    this.skipBlank();
    return this.text[this.pos] ?? '';
  }

  expect(char: string): void {
    if (this.peek() !== char) this.fail(`expected '${char}'`);
    this.pos++;
  }

  fail(what: string): never {
    const near = this.text.slice(this.pos, this.pos + 20).replace(/\s+/g, ' ');
    throw new LiteralSyntaxError(`${this.where}: ${what} at character ${this.pos + 1}${near ? ` (near "${near}")` : ' (at the end)'}`);
  }

  value(depth = 0): LiteralValue {
    if (depth > MAX_LITERAL_DEPTH) this.fail(`nested deeper than ${MAX_LITERAL_DEPTH} levels`);
    const c = this.peek();
    if (c === '{') return this.mapping(depth);
    if (c === '[' || c === '(') return this.sequence(depth);
    if (c === "'" || c === '"') return this.string();
    if (/[-+.\d]/.test(c)) return this.number();
    const name = /^[A-Za-z_]\w*/.exec(this.text.slice(this.pos, this.pos + 64));
    if (name && name[0] in NAMED) {
      this.pos += name[0].length;
      return NAMED[name[0]];
    }
    return this.fail(c === '' ? 'expected a value' : 'expected a literal value');
  }

  private sequence(depth: number): LiteralValue[] {
    const open = this.text[this.pos++];
    const close = CLOSER[open];
    const items: LiteralValue[] = [];
    while (this.peek() !== close) {
      items.push(this.value(depth + 1));
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== close) this.fail(`expected ',' or '${close}'`);
    }
    this.pos++;
    return items;
  }

  private mapping(depth: number): { [key: string]: LiteralValue } {
    this.pos++;
    const out: { [key: string]: LiteralValue } = {};
    while (this.peek() !== '}') {
      const key = this.key();
      this.expect(':');
      setOwn(out, key, this.value(depth + 1));
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== '}') this.fail("expected ',' or '}'");
    }
    this.pos++;
    return out;
  }

  /** A quoted key, or a bare one as JavaScript writes it. */
  key(): string {
    const c = this.peek();
    if (c === "'" || c === '"') return this.string();
    const name = /^[A-Za-z_]\w*/.exec(this.text.slice(this.pos, this.pos + 64));
    if (!name) this.fail('expected a key');
    this.pos += name[0].length;
    return name[0];
  }

  private string(): string {
    const quote = this.text[this.pos++];
    let out = '';
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined || c === '\n') this.fail('unterminated string');
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.pos++];
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos, this.pos + 4))) {
        out += String.fromCharCode(parseInt(this.text.slice(this.pos, this.pos + 4), 16));
        this.pos += 4;
      } else if (e !== undefined && e in ESCAPES) out += ESCAPES[e];
      else this.fail('unknown escape in string');
    }
  }

  private number(): number {
    const match = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 64));
    if (!match) this.fail('expected a number');
    const after = this.text[this.pos + match[0].length];
    // `3*20`, `3x`, `1.2.3`: an expression or a word, not a literal.
    if (after !== undefined && /[\w.*/%@]/.test(after)) this.fail('expected a literal number');
    this.pos += match[0].length;
    const value = Number(match[0]);
    if (!Number.isFinite(value)) this.fail('number out of range');
    return value;
  }
}

/** The one literal that makes up the whole text (blanks and comments around it allowed). */
export function parseLiteral(text: string, where = 'literal'): LiteralValue {
  const reader = new LiteralReader(text, 0, where);
  const value = reader.value();
  if (reader.skipBlank()) reader.fail('unexpected text after the value');
  return value;
}

/** Positional and keyword arguments of a call, read from just after its `(` to its `)`. */
export interface CallArguments {
  readonly positional: LiteralValue[];
  readonly keyword: Record<string, LiteralValue>;
  /** Offset just past the closing parenthesis. */
  readonly end: number;
}

export function readCallArguments(text: string, afterParen: number, where = 'call'): CallArguments {
  const reader = new LiteralReader(text, afterParen, where);
  const positional: LiteralValue[] = [];
  const keyword: Record<string, LiteralValue> = {};
  while (reader.peek() !== ')') {
    const name = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(text.slice(reader.offset, reader.offset + 80));
    if (name) {
      reader.key();
      reader.expect('=');
      setOwn(keyword, name[1], reader.value(1));
    } else {
      if (Object.keys(keyword).length > 0) reader.fail('positional argument after a keyword argument');
      positional.push(reader.value(1));
    }
    if (reader.peek() === ',') reader.expect(',');
    else if (reader.peek() !== ')') reader.fail("expected ',' or ')'");
  }
  reader.expect(')');
  return { positional, keyword, end: reader.offset };
}
