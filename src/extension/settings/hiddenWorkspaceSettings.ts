// In a workspace VS Code does not trust, the workspace's values of the settings package.json lists under
// `restrictedConfigurations` are dropped from both `get` and `inspect` (checked in code-server 4.139 / VS
// Code 1.139). The extension then cannot tell "not set" from "set but not trusted", and Train silently used
// the default accuracy source. These values are read back from the files only to explain what does not run.
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ScopedValue } from './pnagSettings';
import { parseJsoncObject } from './jsoncText';
import { MAX_BYTES, readInputText } from '../../core/fs/readInputFile';

function settingsIn(path: string, nested?: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readInputText(path, '', MAX_BYTES.smallJson);
  } catch {
    return undefined;
  }
  const parsed = parseJsoncObject(text);
  const inner = nested !== undefined ? parsed?.[nested] : parsed;
  return inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The workspace's own string values of `keys` (full ids such as `pnag.evaluatorCommand`), each file read once. */
export function workspaceValuesFromFiles<K extends string>(keys: readonly K[]): Record<K, ScopedValue<string>> {
  const workspaceFile = vscode.workspace.workspaceFile;
  const workspaceSettings = workspaceFile?.scheme === 'file' ? settingsIn(workspaceFile.fsPath, 'settings') : undefined;
  const folderSettings = (vscode.workspace.workspaceFolders ?? [])
    .filter((folder) => folder.uri.scheme === 'file')
    .map((folder) => settingsIn(join(folder.uri.fsPath, '.vscode', 'settings.json')));
  const values = {} as Record<K, ScopedValue<string>>;
  for (const key of keys) {
    const fromWorkspaceFile = stringOf(workspaceSettings?.[key]);
    const fromFolder = folderSettings.map((settings) => stringOf(settings?.[key])).find((value) => value !== undefined);
    // A single-folder window's .vscode/settings.json is its workspace scope; in a .code-workspace, the folder's.
    values[key] = !workspaceFile
      ? fromFolder !== undefined ? { workspaceValue: fromFolder } : {}
      : {
          ...(fromWorkspaceFile !== undefined ? { workspaceValue: fromWorkspaceFile } : {}),
          ...(fromFolder !== undefined ? { workspaceFolderValue: fromFolder } : {}),
        };
  }
  return values;
}
