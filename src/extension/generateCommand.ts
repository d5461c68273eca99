import * as vscode from 'vscode';
import { messageOf } from '../core/errors';
import { Arch } from '../core/space/arch';
import { toNetworkConfig } from '../core/space/networkConfig';
import { parseArchText } from '../core/space/parseArch';

export const GENERATE_COMMAND = 'pnag.generateForBudget';

const EXAMPLE = '2,3,3,3,3:3,3,0,0,3,5,3,0,3,3,5,0,3,3,5,0,5,5,7,0:3,3,0,0,4,3,3,0,4,4,4,0,4,6,6,0,6,6,3,0';

/** The parse error for `text`, or undefined when it is a valid architecture. */
function validate(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  try {
    parseArchText(text);
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}

/**
 * Asks for an architecture with live validation. Resolves to undefined when the user cancels.
 * A stand-in until the generator exists: then this asks for a budget instead.
 */
function askForArch(): Promise<Arch | undefined> {
  return new Promise((resolve) => {
    const input = vscode.window.createInputBox();
    input.title = 'PNAG: Generate architecture for budget';
    input.prompt = 'Architecture: a PNAG string d1,..,d5:k1,..,k20:e1,..,e20 or an OFA dict JSON {"ks": [...], "e": [...], "d": [...]}';
    input.placeholder = EXAMPLE;
    input.ignoreFocusOut = true;
    let result: Arch | undefined;
    const subscriptions = [
      input.onDidChangeValue((value) => {
        input.validationMessage = validate(value);
      }),
      input.onDidAccept(() => {
        try {
          result = parseArchText(input.value);
          input.hide();
        } catch (error) {
          // Keep the box open on bad input: the message says what to fix.
          input.validationMessage = messageOf(error);
        }
      }),
      input.onDidHide(() => {
        subscriptions.forEach((s) => s.dispose());
        input.dispose();
        resolve(result);
      }),
    ];
    input.show();
  });
}

/** The editor to insert into: the active one, else a new untitled JSON document. */
async function targetEditor(active: vscode.TextEditor | undefined): Promise<vscode.TextEditor> {
  if (active && !active.document.isClosed) {
    return vscode.window.showTextDocument(active.document, active.viewColumn);
  }
  const document = await vscode.workspace.openTextDocument({ language: 'json', content: '' });
  return vscode.window.showTextDocument(document);
}

/**
 * Runs the command. With a string argument (from another extension or a test) it skips the input box.
 * Resolves to the inserted text, or undefined when nothing was inserted.
 */
async function generate(onArch: (arch: Arch) => void, argument: unknown): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor;
  let arch: Arch | undefined;
  if (typeof argument === 'string') {
    try {
      arch = parseArchText(argument);
    } catch (error) {
      void vscode.window.showErrorMessage(`PNAG: ${messageOf(error)}`);
      return undefined;
    }
  } else {
    arch = await askForArch();
  }
  if (!arch) return undefined;
  onArch(arch);
  const text = JSON.stringify(toNetworkConfig(arch), null, 2);
  const editor = await targetEditor(active);
  const selection = editor.selection;
  const applied = await editor.edit((edit) => edit.replace(selection, text));
  if (!applied) {
    void vscode.window.showErrorMessage('PNAG: the editor refused the edit; nothing was inserted.');
    return undefined;
  }
  return text;
}

export function registerGenerateCommand(onArch: (arch: Arch) => void): vscode.Disposable {
  return vscode.commands.registerCommand(GENERATE_COMMAND, (argument?: unknown) => generate(onArch, argument));
}
