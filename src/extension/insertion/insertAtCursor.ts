import * as vscode from 'vscode';
import { formatInsertion, type InsertionFacts } from '../../core/format/architectureInsertion';
import type { Arch } from '../../core/space/arch';
import { readSettings } from '../settings/readSettings';

/** The editor to insert into: the one active when the command started, else a new untitled JSON document. */
export async function targetEditor(active: vscode.TextEditor | undefined): Promise<vscode.TextEditor> {
  if (active && !active.document.isClosed) {
    return vscode.window.showTextDocument(active.document, active.viewColumn);
  }
  const document = await vscode.workspace.openTextDocument({ language: 'json', content: '' });
  return vscode.window.showTextDocument(document);
}

/**
 * Replaces the selection with the architecture in the document's language, as one edit (one undo).
 * Resolves to the inserted text, or undefined when the editor refused the edit.
 */
export async function insertArchitecture(editor: vscode.TextEditor, arch: Arch, facts: InsertionFacts): Promise<string | undefined> {
  const settings = readSettings();
  const selection = editor.selection;
  const line = editor.document.lineAt(selection.start.line).text;
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const { text } = formatInsertion(editor.document.languageId, arch, facts, {
    python: settings.pythonInsertion,
    json: settings.jsonInsertion,
    indent: selection.start.character >= indent.length ? indent : '',
  });
  const applied = await editor.edit((edit) => edit.replace(selection, text), { undoStopBefore: true, undoStopAfter: true });
  if (!applied) {
    void vscode.window.showErrorMessage('PNAG: the editor refused the edit; nothing was inserted.');
    return undefined;
  }
  return text;
}
