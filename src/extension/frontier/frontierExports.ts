import * as vscode from 'vscode';
import { frontierCsv, frontierJson } from '../../shared/chart/frontierTable';
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

/** The format a path asks for by its extension (`.json`, else CSV). */
export function frontierFormatOf(path: string): 'csv' | 'json' {
  return path.toLowerCase().endsWith('.json') ? 'json' : 'csv';
}

/** The generated frontier (or, before a sweep, every plotted point) as CSV or JSON text. */
export function frontierText(data: FrontierData, format: 'csv' | 'json'): string {
  const hasFrontier = data.points.some((p) => p.series === 'frontier');
  const series = hasFrontier ? undefined : (['archive', 'pnag', 'ofa', 'mobilenetv3'] as const);
  return format === 'csv' ? frontierCsv(data, series) : frontierJson(data, series);
}

/**
 * Saves the frontier: to `target` when given (format by its extension), else where the user picks in a
 * save dialog offering `format` (both formats when none is given).
 */
export async function saveFrontier(data: FrontierData, format: 'csv' | 'json' | undefined, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (target) {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(frontierText(data, frontierFormatOf(target.path))));
    return target;
  }
  const filters: Record<string, string[]> = format === 'json' ? { JSON: ['json'] } : format === 'csv' ? { CSV: ['csv'] } : { CSV: ['csv'], JSON: ['json'] };
  const uri = await vscode.window.showSaveDialog({ defaultUri: defaultUri(`frontier.${format ?? 'csv'}`), filters, title: 'PNAG: Export frontier' });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(frontierText(data, format ?? frontierFormatOf(uri.path))));
  void vscode.window.showInformationMessage(`PNAG: saved ${uri.fsPath || uri.toString()}`);
  return uri;
}
