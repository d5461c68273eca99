/** The fields of a JSON object, read before they are checked. */
export type Fields = Record<string, unknown>;

/** A plain object (not null, not an array): what every parser of JSON and messages checks first. */
export function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
