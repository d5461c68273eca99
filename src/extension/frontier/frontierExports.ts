import * as vscode from 'vscode';
import { frontierCsv, frontierJson } from '../../core/chart/frontierTable';
import type { FrontierData, PlotExport } from '../../shared/protocol';

/** Where save dialogs open: the first workspace folder, when there is one. */
function defaultUri(name: string): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, name) : undefined;
}

async function saveBytes(name: string, filters: Record<string, string[]>, bytes: Uint8Array): Promise<vscode.Uri | undefined> {
  const uri = await vscode.window.showSaveDialog({ defaultUri: defaultUri(name), filters, title: `PNAG: Save ${name}` });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, bytes);
  void vscode.window.showInformationMessage(`PNAG: saved ${uri.fsPath || uri.toString()}`);
  return uri;
}

/** The plot the page drew (SVG text or PNG bytes), saved where the user picks. */
export function savePlot(plot: PlotExport): Promise<vscode.Uri | undefined> {
  if (plot.format === 'svg') return saveBytes('frontier.svg', { SVG: ['svg'] }, new TextEncoder().encode(plot.svg));
  return saveBytes('frontier.png', { PNG: ['png'] }, Buffer.from(plot.pngBase64, 'base64'));
}

/** The generated frontier (or, before a sweep, every plotted point) as CSV or JSON. */
export function saveFrontier(data: FrontierData, format: 'csv' | 'json'): Promise<vscode.Uri | undefined> {
  const hasFrontier = data.points.some((p) => p.series === 'frontier');
  const series = hasFrontier ? undefined : (['archive', 'pnag', 'ofa', 'mobilenetv3'] as const);
  const text = format === 'csv' ? frontierCsv(data, series) : frontierJson(data, series);
  return saveBytes(`frontier.${format}`, format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] }, new TextEncoder().encode(text));
}
