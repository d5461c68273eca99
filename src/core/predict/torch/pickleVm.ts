import { InputError } from '../../errors';
import { PyDict, PyGlobal, PyTuple, type PyValue, printable, pyTypeName } from './pickleValue';

/**
 * A restricted pickle interpreter (protocols 0-5 data opcodes). It never imports or calls anything named by
 * the file: GLOBAL may only name an allow-listed global, REDUCE only calls the handler we registered for it,
 * and object-construction opcodes (INST, OBJ, NEWOBJ, EXT*) are refused outright.
 */
export type GlobalHandler = (args: readonly PyValue[], where: string) => PyValue;

export interface PickleHooks {
  /** `"module name"` -> handler; a `null` handler may be referenced (as a type marker) but not called. */
  readonly globals: ReadonlyMap<string, GlobalHandler | null>;
  persistentLoad?(pid: PyValue, where: string): PyValue;
}

export interface UnpickleResult {
  readonly value: PyValue;
  /** Offset of the first byte after STOP. */
  readonly end: number;
}

const MARK = Symbol('mark');
type StackItem = PyValue | typeof MARK;

const REFUSED_OPCODES: Readonly<Record<number, string>> = {
  0x69: 'INST',
  0x6f: 'OBJ',
  0x81: 'NEWOBJ',
  0x92: 'NEWOBJ_EX',
  0x82: 'EXT1',
  0x83: 'EXT2',
  0x84: 'EXT4',
};

/** Unpickles one object starting at `offset`; `source` names the file in every error. */
export function unpickle(bytes: Uint8Array, offset: number, source: string, hooks: PickleHooks): UnpickleResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const latin1 = new TextDecoder('latin1');
  const stack: StackItem[] = [];
  const memo = new Map<number, PyValue>();
  let pos = offset;
  let opStart = offset;

  const fail = (message: string): never => {
    throw new InputError(`${source}: ${message} (pickle byte ${opStart})`);
  };
  const need = (n: number): number => {
    if (n < 0 || pos + n > bytes.length) fail(`file is truncated: needed ${n} more bytes, ${bytes.length - pos} left`);
    const at = pos;
    pos += n;
    return at;
  };
  const u8 = (): number => view.getUint8(need(1));
  const u16 = (): number => view.getUint16(need(2), true);
  const u32 = (): number => view.getUint32(need(4), true);
  const i32 = (): number => view.getInt32(need(4), true);
  const u64 = (): number => {
    const n = view.getBigUint64(need(8), true);
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) fail('length field too large');
    return Number(n);
  };
  const raw = (n: number): Uint8Array => bytes.subarray(need(n), pos);
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail('file is truncated inside a text field');
    const text = latin1.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return text;
  };
  const utf8 = (n: number): string => {
    const data = raw(n);
    try {
      return decoder.decode(data);
    } catch {
      return fail('string is not valid UTF-8');
    }
  };
  const push = (value: PyValue): void => {
    stack.push(value);
  };
  const pop = (): PyValue => {
    if (stack.length === 0) fail('stack underflow');
    const value = stack.pop() as StackItem;
    if (value === MARK) fail('unexpected mark on the stack');
    return value as PyValue;
  };
  const top = (): PyValue => {
    const value = stack[stack.length - 1];
    if (stack.length === 0 || value === MARK) fail('stack underflow');
    return value as PyValue;
  };
  const popMark = (): PyValue[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) fail('missing mark');
    const items = stack.splice(at) as StackItem[];
    return items.slice(1) as PyValue[];
  };
  const memoGet = (index: number): PyValue => {
    if (!memo.has(index)) fail(`memo entry ${index} is not defined`);
    return memo.get(index) as PyValue;
  };
  const global = (module: string, name: string): PyValue => {
    const qualified = `${module} ${name}`;
    if (!hooks.globals.has(qualified)) {
      fail(`refusing to load global ${printable(module)}.${printable(name)}: only ${[...hooks.globals.keys()].map((k) => k.replace(' ', '.')).join(', ')} are allowed`);
    }
    return new PyGlobal(module, name);
  };
  const setItems = (target: PyValue, items: PyValue[]): void => {
    if (!(target instanceof PyDict)) fail(`SETITEMS on a ${pyTypeName(target)}, not a dict`);
    const dict = target as PyDict;
    if (items.length % 2 !== 0) fail('odd number of items for a dict');
    for (let i = 0; i < items.length; i += 2) dict.set(items[i], items[i + 1], source);
  };
  const appendItems = (target: PyValue, items: PyValue[]): void => {
    if (!Array.isArray(target)) fail(`APPEND on a ${pyTypeName(target)}, not a list`);
    const list = target as PyValue[];
    for (const item of items) list.push(item);
  };

  for (;;) {
    opStart = pos;
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) fail('unsupported pickle protocol');
        break;
      case 0x95: // FRAME: framing is only a read-ahead hint
        u64();
        break;
      case 0x2e: // STOP
        return { value: pop(), end: pos };
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x30: // POP
        if (stack.length === 0) fail('stack underflow');
        stack.pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        push(top());
        break;
      case 0x4e: // NONE
        push(null);
        break;
      case 0x88: // NEWTRUE
        push(true);
        break;
      case 0x89: // NEWFALSE
        push(false);
        break;
      case 0x4b: // BININT1
        push(u8());
        break;
      case 0x4d: // BININT2
        push(u16());
        break;
      case 0x4a: // BININT
        push(i32());
        break;
      case 0x49: {
        // INT (text); "01"/"00" are protocol 0's booleans
        const text = line().trim();
        if (text === '01' || text === '00') push(text === '01');
        else if (/^-?\d+$/.test(text)) push(Number(text));
        else fail(`bad INT "${printable(text)}"`);
        break;
      }
      case 0x8a: // LONG1
        push(littleEndianSigned(raw(u8())));
        break;
      case 0x8b: // LONG4
        push(littleEndianSigned(raw(u32())));
        break;
      case 0x47: // BINFLOAT (big-endian)
        push(view.getFloat64(need(8), false));
        break;
      case 0x58: // BINUNICODE
        push(utf8(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        push(utf8(u8()));
        break;
      case 0x8d: // BINUNICODE8
        push(utf8(u64()));
        break;
      case 0x54: // BINSTRING
        push(latin1.decode(raw(i32())));
        break;
      case 0x55: // SHORT_BINSTRING
        push(latin1.decode(raw(u8())));
        break;
      case 0x42: // BINBYTES
        push(raw(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        push(raw(u8()).slice());
        break;
      case 0x8e: // BINBYTES8
        push(raw(u64()).slice());
        break;
      case 0x29: // EMPTY_TUPLE
        push(new PyTuple([]));
        break;
      case 0x85: // TUPLE1
        push(new PyTuple([pop()]));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        push(new PyTuple([pop(), b]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        push(new PyTuple([pop(), b, c]));
        break;
      }
      case 0x74: // TUPLE
        push(new PyTuple(popMark()));
        break;
      case 0x5d: // EMPTY_LIST
        push([]);
        break;
      case 0x6c: // LIST
        push(popMark());
        break;
      case 0x61: {
        // APPEND
        const item = pop();
        appendItems(top(), [item]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        appendItems(top(), items);
        break;
      }
      case 0x7d: // EMPTY_DICT
        push(new PyDict(false));
        break;
      case 0x64: {
        // DICT
        const dict = new PyDict(false);
        setItems(dict, popMark());
        push(dict);
        break;
      }
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x70: // PUT
        memo.set(Number(line()), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
        push(memoGet(u8()));
        break;
      case 0x6a: // LONG_BINGET
        push(memoGet(u32()));
        break;
      case 0x67: // GET
        push(memoGet(Number(line())));
        break;
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line();
        push(global(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail('STACK_GLOBAL needs two strings');
        push(global(module as string, name as string));
        break;
      }
      case 0x52: {
        // REDUCE: call an allow-listed handler, never anything else
        const args = pop();
        const callable = pop();
        if (!(callable instanceof PyGlobal)) fail(`cannot call a ${pyTypeName(callable)}`);
        if (!(args instanceof PyTuple)) fail(`arguments of ${(callable as PyGlobal).qualifiedName} are not a tuple`);
        const g = callable as PyGlobal;
        const handler = hooks.globals.get(`${g.module} ${g.name}`);
        if (!handler) fail(`refusing to call ${g.qualifiedName}: it is allowed only as a type marker`);
        push((handler as GlobalHandler)((args as PyTuple).items, `${source}: ${g.qualifiedName}`));
        break;
      }
      case 0x62: {
        // BUILD: only setting attributes on a dict (OrderedDict's _metadata) is allowed
        const state = pop();
        const target = top();
        if (!(target instanceof PyDict) || !(state instanceof PyDict)) {
          fail(`refusing BUILD of a ${pyTypeName(target)} from a ${pyTypeName(state)}`);
        }
        for (const [key, value] of (state as PyDict).entries) (target as PyDict).attributes.set(String(key), value);
        break;
      }
      case 0x51: {
        // BINPERSID
        const pid = pop();
        if (!hooks.persistentLoad) fail('persistent ids are not expected here');
        push((hooks.persistentLoad as NonNullable<PickleHooks['persistentLoad']>)(pid, source));
        break;
      }
      case 0x50: {
        // PERSID (text)
        const pid = line();
        if (!hooks.persistentLoad) fail('persistent ids are not expected here');
        push((hooks.persistentLoad as NonNullable<PickleHooks['persistentLoad']>)(pid, source));
        break;
      }
      default: {
        const name = REFUSED_OPCODES[op];
        fail(name ? `refusing opcode ${name}: it constructs arbitrary objects` : `unknown pickle opcode 0x${op.toString(16).padStart(2, '0')}`);
      }
    }
  }
}

/** Two's-complement little-endian integer (LONG1/LONG4); a Number when it fits exactly. */
function littleEndianSigned(data: Uint8Array): number | bigint {
  if (data.length === 0) return 0;
  let value = 0n;
  for (let i = data.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(data[i]);
  if (data[data.length - 1] & 0x80) value -= 1n << BigInt(8 * data.length);
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}
