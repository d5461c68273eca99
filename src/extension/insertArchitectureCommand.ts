import * as vscode from 'vscode';
import { maddsM } from '../core/cost/madds';
import { paramsM } from '../core/cost/params';
import { messageOf } from '../core/errors';
import type { Arch } from '../core/space/arch';
import { parseArchText } from '../core/space/parseArch';
import { insertArchitecture, targetEditor } from './insertion/insertAtCursor';

/** Inserts a given architecture (the Frontier view's click, other extensions, tests): no generation. */
export const INSERT_COMMAND = 'pnag.insertArchitecture';

/** Asks for an architecture text with live validation; undefined when the user cancels. */
function askForArch(): Promise<Arch | undefined> {
  return new Promise((resolve) => {
    const input = vscode.window.createInputBox();
    input.title = 'PNAG: Insert architecture';
    input.prompt = 'A PNAG string d1,..,d5:k1,..,k20:e1,..,e20, an OFA dict {"ks", "e", "d"} or an OFA network config JSON';
    input.ignoreFocusOut = true;
    let result: Arch | undefined;
    const check = (value: string): string | undefined => {
      if (value.trim() === '') return undefined;
      try {
        parseArchText(value);
        return undefined;
      } catch (error) {
        return messageOf(error);
      }
    };
    const subscriptions = [
      input.onDidChangeValue((value) => {
        input.validationMessage = check(value);
      }),
      input.onDidAccept(() => {
        try {
          result = parseArchText(input.value);
          input.hide();
        } catch (error) {
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

/**
 * With a string argument (an architecture in any form) it skips the input box. Resolves to the inserted
 * text, or undefined when nothing was inserted. The comment carries exact MAdds and params only.
 */
async function insert(onArch: (arch: Arch) => void, argument: unknown): Promise<string | undefined> {
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
  const editor = await targetEditor(active);
  return insertArchitecture(editor, arch, {
    maddsM: maddsM(arch, 'pnag'),
    costModel: 'madds:pnag',
    paramsM: paramsM(arch),
    top1: null,
    accuracySource: 'not evaluated',
  });
}

export function registerInsertCommand(onArch: (arch: Arch) => void): vscode.Disposable {
  return vscode.commands.registerCommand(INSERT_COMMAND, (argument?: unknown) => insert(onArch, argument));
}
