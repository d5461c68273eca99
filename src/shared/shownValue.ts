/** A value quoted in an error message, at most ~100 characters (a crafted file can hold anything). */
export function shownValue(value: unknown): string {
  const text = typeof value === 'number' ? String(value) : String(JSON.stringify(value) ?? value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

/** A name from a file (a JSON key) as a message shows it: as it is, or quoted when it holds control characters. */
export function shownName(name: string): string {
  const control = [...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  return control ? shownValue(name) : name;
}
