/// <reference types="mocha" />
// Runs inside the VS Code extension host, with the extension under test loaded from the working tree.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'pnag-dev.pnag';
const COMMAND = 'pnag.generateForBudget';
const PNAG_80_MOBILE = '2,3,3,3,3:3,3,0,0,3,5,3,0,3,3,5,0,3,3,5,0,5,5,7,0:3,3,0,0,4,3,3,0,4,4,4,0,4,6,6,0,6,6,3,0';

interface InsertedConfig {
  name: string;
  blocks: unknown[];
  first_conv: { out_channels: number };
  resolution: number;
}

let untitledCount = 0;

/**
 * A new untitled editor holding `content`, cursor at the end. Each gets a name of its own: VS Code keeps the
 * undo stack of a closed resource, so a reused "Untitled-1" could undo into an earlier test's text.
 */
async function untitledEditor(content: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `/pnag-test-${Date.now()}-${++untitledCount}.json` });
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  if (content !== '') await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), content));
  const end = document.positionAt(content.length);
  editor.selection = new vscode.Selection(end, end);
  assert.equal(document.getText(), content);
  return editor;
}

suite('PNAG extension', () => {
  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    await extension.activate();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('activates and registers the generate command', async () => {
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(COMMAND));
  });

  test('inserts the OFA network config of a PNAG string at the cursor', async () => {
    const editor = await untitledEditor('// before\n');
    const inserted = await vscode.commands.executeCommand<string | undefined>(COMMAND, PNAG_80_MOBILE);
    assert.ok(inserted, 'the command returns the inserted text');
    const text = editor.document.getText();
    assert.equal(text, `// before\n${inserted}`);
    const config = JSON.parse(inserted) as InsertedConfig;
    assert.equal(config.name, 'MobileNetV3');
    // The fixed first block plus 2+3+3+3+3 elastic blocks; width 1.2 starts with 24 channels.
    assert.equal(config.blocks.length, 15);
    assert.equal(config.first_conv.out_channels, 24);
    assert.equal(config.resolution, 224);
  });

  test('the insertion is one edit: a single undo removes it', async () => {
    const editor = await untitledEditor('start');
    await vscode.commands.executeCommand(COMMAND, PNAG_80_MOBILE);
    assert.notEqual(editor.document.getText(), 'start');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), 'start');
  });

  test('accepts an OFA dict as JSON', async () => {
    const dict = JSON.stringify({ ks: Array(20).fill(3), e: Array(20).fill(3), d: [2, 2, 2, 2, 2], r: 160, w: 1.0 });
    const editor = await untitledEditor('');
    const inserted = await vscode.commands.executeCommand<string | undefined>(COMMAND, dict);
    assert.ok(inserted);
    const config = JSON.parse(editor.document.getText()) as InsertedConfig;
    assert.equal(config.blocks.length, 11);
    assert.equal(config.first_conv.out_channels, 16);
    assert.equal(config.resolution, 160);
  });

  test('an invalid architecture inserts nothing', async () => {
    const editor = await untitledEditor('unchanged');
    const inserted = await vscode.commands.executeCommand<string | undefined>(COMMAND, '5,3,3,3,3:3:3');
    assert.equal(inserted, undefined);
    assert.equal(editor.document.getText(), 'unchanged');
  });

  test('the Frontier view can be opened', async () => {
    await vscode.commands.executeCommand('pnag.frontier.focus');
  });
});
