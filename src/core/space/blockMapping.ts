import { LiteralSyntaxError, type LiteralValue, parseLiteral, setOwn } from './pythonLiteral';

const KEY_LINE = /^(\s*)(?:(["'])([A-Za-z_]\w*)\2|([A-Za-z_]\w*))\s*[:=](?!=)\s*(.*)$/;
const ITEM_LINE = /^(\s*)-\s+(.*)$/;

/** True when the text's first line is `key: value` or `key = value` (a YAML mapping or Python assignments). */
export function looksLikeBlockMapping(text: string): boolean {
  const first = text.split('\n').find((line) => line.trim() !== '');
  return first !== undefined && KEY_LINE.test(first) && !/^\s*[{[(]/.test(first);
}

function scalar(text: string, where: string): LiteralValue {
  const trimmed = text.replace(/\s+#.*$/, '').trim();
  try {
    return parseLiteral(trimmed, where);
  } catch (error) {
    // A YAML plain scalar (`name: my net`) is a string; what starts like a literal but is not one
    // (`[3]*20`, a call) is code, and the whole text is no mapping.
    if (error instanceof LiteralSyntaxError && !/^[-+.\d[{('"]/.test(trimmed)) return trimmed;
    throw error;
  }
}

/**
 * Reads one flat mapping written a line per key: YAML's block style (`ks: [3, 5]`, or `ks:` followed by
 * `- 3` items) and Python's `ks = [3, 5]`. Flow values are read as literals; nothing is evaluated.
 */
export function parseBlockMapping(text: string, where = 'mapping'): Record<string, LiteralValue> {
  const out: Record<string, LiteralValue> = {};
  let listKey: string | undefined;
  let indent: string | undefined;
  // The first line may stand at a cursor, the rest at the block's indentation.
  let keyLines = 0;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || /^\s*(#|\/\/)/.test(line)) continue;
    const item = ITEM_LINE.exec(line);
    if (item && listKey !== undefined) {
      (out[listKey] as LiteralValue[]).push(scalar(item[2], where));
      continue;
    }
    const key = KEY_LINE.exec(line);
    if (!key || (indent !== undefined && keyLines > 1 && key[1] !== indent)) {
      throw new LiteralSyntaxError(`${where}: line ${i + 1} is not "key: value" at the mapping's indentation`);
    }
    keyLines++;
    indent = key[1];
    const name = key[3] ?? key[4];
    if (key[5].trim() === '' || key[5].trim().startsWith('#')) {
      setOwn(out, name, []);
      listKey = name;
    } else {
      setOwn(out, name, scalar(key[5], where));
      listKey = undefined;
    }
  }
  return out;
}
