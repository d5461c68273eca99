import * as vscode from 'vscode';
import { ArchCosts, HostMessage, parseWebviewMessage } from '../shared/protocol';
import { webviewHtml } from './webviewHtml';

export const FRONTIER_VIEW_ID = 'pnag.frontier';

/**
 * The "Frontier" sidebar view. For now it shows the costs of the last architecture; the host keeps that
 * state and replays it whenever the webview (re)loads and says it is ready.
 */
export class FrontierViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private costs: ArchCosts | null = null;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly onGenerate: () => void,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    view.webview.html = webviewHtml({
      title: 'PNAG Frontier',
      cspSource: view.webview.cspSource,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'frontier.css')).toString(),
    });
    const subscriptions = [
      view.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      // Without retainContextWhenHidden the page reloads when shown again and sends `ready` anew.
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
    ];
    view.onDidDispose(() => {
      subscriptions.forEach((s) => s.dispose());
      if (this.view === view) {
        this.view = undefined;
        this.ready = false;
      }
    });
  }

  showCosts(costs: ArchCosts): void {
    this.costs = costs;
    this.post({ type: 'showCosts', costs });
  }

  private post(message: HostMessage): void {
    if (!this.view || !this.ready) return;
    void this.view.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.log.warn(`Frontier view: ignored a malformed message ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'showCosts', costs: this.costs });
        break;
      case 'generate':
        this.onGenerate();
        break;
    }
  }
}
