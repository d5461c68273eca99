import { InputError } from '../../errors';

/**
 * The values a restricted unpickler can build. Python's types map onto these so that nothing from a file
 * ever becomes a callable or a JS object with behaviour: tuples and dicts are plain data classes.
 */
export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyValue[]
  | PyTuple
  | PyDict
  | PyGlobal
  | PyOpaque;

/** A Python tuple (kept distinct from lists, since torch's persistent ids and shapes are tuples). */
export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

/** A dict or OrderedDict: insertion-ordered, keys compared by their Python value. */
export class PyDict {
  readonly entries = new Map<string | number | bigint | boolean | null, PyValue>();
  /** Attributes set by BUILD (an OrderedDict's `_metadata`). */
  readonly attributes = new Map<string, PyValue>();
  constructor(readonly ordered: boolean) {}

  set(key: PyValue, value: PyValue, where: string): void {
    if (key !== null && typeof key === 'object') throw new InputError(`${where}: dict key must be a string or number, got ${pyTypeName(key)}`);
    this.entries.set(key, value);
  }
}

/** A reference to an allow-listed global (`module name`), as GLOBAL pushes it; never called directly. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }
}

/** A value produced by an allow-listed handler (a tensor, a storage): opaque to the VM. */
export class PyOpaque {
  constructor(
    readonly kind: string,
    readonly value: unknown,
  ) {}
}

export function isTuple(value: PyValue): value is PyTuple {
  return value instanceof PyTuple;
}

/** Describes a value for error messages, the way Python would name its type. */
export function pyTypeName(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'string') return 'str';
  if (value instanceof Uint8Array) return 'bytes';
  if (Array.isArray(value)) return 'list';
  if (value instanceof PyTuple) return 'tuple';
  if (value instanceof PyDict) return value.ordered ? 'OrderedDict' : 'dict';
  if (value instanceof PyGlobal) return `global ${value.qualifiedName}`;
  return value.kind;
}

/** Text from the file shown in a message: control characters escaped, so the message stays on one line. */
export function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => (c === '\r' ? '\\r' : c === '\n' ? '\\n' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
