import fc from 'fast-check';

/**
 * Mutations of valid inputs. Random text rarely gets past a parser's first check; a valid input with a few
 * bytes flipped, a value swapped or a field dropped reaches the checks deep inside.
 */

/** Values a careless or hostile writer puts where a number or a string belongs. */
export const nastyJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -0, -1, 1, 0.5, 1e308, -1e308, 2 ** 53, 2 ** 31, -(2 ** 31), 1e-320, 3, 4, 6, 7, 224, 1.2, 1.0, ''),
  fc.constantFrom('NaN', 'Infinity', '__proto__', 'constructor', 'toString', '\u0000', '\ufeff', 'é', '1e999', '78.3', 'eval:touch /tmp/x', 'two\nlines', 'cr\r'),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 12 }),
  fc.array(fc.integer({ min: -2, max: 8 }), { maxLength: 24 }),
  // Fresh containers each time: a shared one edited in place could end up inside itself.
  fc.constant(null).map(() => []),
  fc.constant(null).map(() => ({})),
);

/** Values a worker message can carry (structured clone) and JSON cannot. */
export const nastyJsValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyJsonValue,
  fc.constantFrom(undefined, Number.NaN, Infinity, -Infinity, 10n),
  fc.constant(null).map(() => Object.create(null) as object),
  fc.constant(null).map(() => new Date(0)),
  fc.constant(null).map(() => new Map([['a', 1]])),
  fc.constant(null).map(() => new Uint8Array(3)),
);

type Json = unknown;

type Edit =
  | { kind: 'replace'; pick: number; value: unknown }
  | { kind: 'delete'; pick: number }
  | { kind: 'add'; pick: number; key: string; value: unknown }
  | { kind: 'wrap'; pick: number }
  | { kind: 'duplicate'; pick: number };

const editArb = (values: fc.Arbitrary<unknown>): fc.Arbitrary<Edit> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: values }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('add' as const),
        pick: fc.nat(),
        key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'blocks', 'r', 'w', 'id', 'type', 'metrics', 'top1'), fc.string({ maxLength: 6 })),
        value: values,
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrap' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat() }) },
  );

/** Every container (object or array) in a JSON-like value with its path, root first. */
function containers(value: Json, out: { parent: Record<string, unknown> | unknown[] }[] = []): { parent: Record<string, unknown> | unknown[] }[] {
  if (typeof value === 'object' && value !== null && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)) {
    if (out.some((c) => c.parent === value)) return out;
    out.push({ parent: value as Record<string, unknown> | unknown[] });
    for (const child of Object.values(value)) containers(child, out);
  }
  return out;
}

function applyEdit(root: Json, edit: Edit): Json {
  const all = containers(root);
  if (all.length === 0) return edit.kind === 'replace' ? edit.value : root;
  const { parent } = all[edit.pick % all.length];
  const keys = Object.keys(parent);
  const key = keys.length > 0 ? keys[edit.pick % keys.length] : undefined;
  switch (edit.kind) {
    case 'replace':
      if (key !== undefined) (parent as Record<string, unknown>)[key] = edit.value;
      break;
    case 'delete':
      if (key !== undefined) {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete (parent as Record<string, unknown>)[key];
      }
      break;
    case 'add':
      if (Array.isArray(parent)) parent.push(edit.value);
      else Object.defineProperty(parent, edit.key, { value: edit.value, enumerable: true, writable: true, configurable: true });
      break;
    case 'wrap':
      if (key !== undefined) (parent as Record<string, unknown>)[key] = [(parent as Record<string, unknown>)[key]];
      break;
    case 'duplicate':
      if (Array.isArray(parent) && parent.length > 0) parent.push(structuredClone(parent[edit.pick % parent.length]));
      break;
  }
  return root;
}

/** A valid value with 1-4 structural edits: values swapped for nasty ones, keys dropped or added, lists grown. */
export function mutatedJson<T>(valid: fc.Arbitrary<T>, values: fc.Arbitrary<unknown> = nastyJsonValue): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.array(editArb(values), { minLength: 1, maxLength: 4 })).map(([value, edits]) => {
    let out: Json = structuredClone(value);
    for (const edit of edits) out = applyEdit(out, edit);
    return out;
  });
}

type TextEdit =
  | { kind: 'flip'; at: number; char: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'repeat'; at: number; length: number; times: number };

const FRAGMENTS = ['"', ',', ':', '{', '}', '[', ']', '\n', '\r\n', '\r', '\u2028', '\\', '-', '.', 'e', '0', '9', 'NaN', '1e999', '\ufeff', '\u0000', '\t', ' ', '#', '&a', '*a', '!!', '---', "'", 'M', 'ms'];

const textEditArb: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), char: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }), times: fc.integer({ min: 2, max: 8 }) }),
);

function applyTextEdit(text: string, edit: TextEdit): string {
  const at = text.length === 0 ? 0 : edit.at % (text.length + 1);
  switch (edit.kind) {
    case 'flip':
      return text.slice(0, at) + edit.char + text.slice(at + 1);
    case 'insert':
      return text.slice(0, at) + edit.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + edit.length);
    case 'truncate':
      return text.slice(0, at);
    case 'repeat': {
      const chunk = text.slice(at, at + edit.length);
      return text.slice(0, at) + chunk.repeat(edit.times) + text.slice(at + edit.length);
    }
  }
}

/** A valid text with 1-4 character-level edits. */
export function mutatedText(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(valid, fc.array(textEditArb, { minLength: 1, maxLength: 4 })).map(([text, edits]) => edits.reduce(applyTextEdit, text));
}

type ByteEdit =
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number };

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x2e, 0x28, 0x4a, 0x4b, 0x52, 0x51, 0x63, 0x71, 0x68, 0x94, 0x8c, 0x58, 0x93, 0x69, 0x81, 0x0a];

const byteEditArb: fc.Arbitrary<ByteEdit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.oneof(fc.constantFrom(...INTERESTING_BYTES), fc.integer({ min: 0, max: 255 })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 9 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 9 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
);

function applyByteEdit(bytes: Uint8Array, edit: ByteEdit): Uint8Array {
  const at = bytes.length === 0 ? 0 : edit.at % (bytes.length + 1);
  switch (edit.kind) {
    case 'set': {
      if (at >= bytes.length) return bytes;
      const out = bytes.slice();
      out[at] = edit.byte;
      return out;
    }
    case 'insert':
      return Uint8Array.from([...bytes.subarray(0, at), ...edit.bytes, ...bytes.subarray(at)]);
    case 'delete':
      return Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + edit.length)]);
    case 'truncate':
      return bytes.slice(0, at);
  }
}

/**
 * A valid binary with 1-6 byte edits. Edits land mostly in the first `focus` bytes (the pickles of a .pth,
 * before the raw storages), where they change meaning rather than a float.
 */
export function mutatedBytes(valid: fc.Arbitrary<Uint8Array>, focus = Number.MAX_SAFE_INTEGER): fc.Arbitrary<Uint8Array> {
  return fc.tuple(valid, fc.array(byteEditArb, { minLength: 1, maxLength: 6 })).map(([bytes, edits]) =>
    edits.reduce((b, e) => applyByteEdit(b, { ...e, at: e.at % Math.min(focus, b.length + 1) }), bytes),
  );
}
