// JSON with comments and trailing commas, as VS Code writes settings.json and .code-workspace files, read with
// jsonc-parser (VS Code's own JSONC parser). No `vscode` here (unit-tested in plain Node); the extension reads
// these files itself only where the API hides values (hiddenWorkspaceSettings.ts).
import { type ParseError, parse } from 'jsonc-parser';

/** The parsed object, or undefined when the text is not a JSONC object (a broken file hides nothing). */
export function parseJsoncObject(text: string): Record<string, unknown> | undefined {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) return undefined;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
