import * as vscode from 'vscode';
import { messageOf } from '../core/errors';
import type { Arch } from '../core/space/arch';
import { toCompactOfaDict } from '../core/space/ofaDict';
import { parsePnagString } from '../core/space/pnagString';
import { type ArchCosts, type FrontierData, type FrontierPoint, type HostMessage, parseWebviewMessage, type WebviewMessage } from '../shared/protocol';
import { baseFrontierData, budgetText, generatedPoint, sweepBudgets } from './frontier/frontierDataBuilder';
import { saveFrontier, savePlot } from './frontier/frontierExports';
import type { FrontierHost } from './frontier/frontierHost';
import { webviewHtml } from './webviewHtml';

export const FRONTIER_VIEW_ID = 'pnag.frontier';

/**
 * The "Frontier" sidebar view: the archive, the generated frontier, the training budgets and published
 * references on one plot, a live budget slider, and the last architecture's costs. The host keeps the
 * state and replays it whenever the page (re)loads and says it is ready; heavy work goes to the worker
 * through `FrontierHost.generate`.
 */
export class FrontierViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private costs: ArchCosts | null = null;
  private data: FrontierData | null = null;
  private busy = false;
  /** Bumped by every refresh, so an older sweep stops adding points. */
  private generation = 0;
  private sweep: AbortController | undefined;
  /** The refresh in progress, so an export can wait for its sweep. */
  private pending: Promise<void> | undefined;
  private live: AbortController | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly onGenerate: () => void,
    private readonly host?: FrontierHost,
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

  /**
   * The plot's inputs changed (training, an import, settings). A visible view redraws now; a hidden one
   * forgets its plot and redraws when it is next shown, so no sweep runs in the worker for nobody.
   */
  invalidate(): void {
    if (this.view?.visible && this.ready) {
      void this.refresh();
      return;
    }
    this.generation++;
    this.sweep?.abort();
    this.data = null;
    this.busy = false;
  }

  /**
   * Rebuilds the plot: call after training, importing an archive or changing the cost model / accuracy
   * source. Resolves once the budget sweep is done (or superseded).
   */
  refresh(): Promise<void> {
    const run = this.rebuild().finally(() => {
      if (this.pending === run) this.pending = undefined;
    });
    this.pending = run;
    return run;
  }

  private async rebuild(): Promise<void> {
    const generation = ++this.generation;
    this.sweep?.abort();
    const sweep = new AbortController();
    this.sweep = sweep;
    const info = this.host ? await this.host.generatorInfo().catch(() => undefined) : undefined;
    let data: FrontierData;
    try {
      data = await baseFrontierData(info, this.host?.archive(), sweep.signal);
    } catch (error) {
      if (sweep.signal.aborted) return;
      this.log.warn(`Frontier view: ${messageOf(error)}`);
      data = await baseFrontierData(info, undefined);
    }
    if (generation !== this.generation) return;
    this.setData(data, Boolean(info && this.host));
    if (!info || !this.host) return;
    const points: FrontierPoint[] = [];
    const failures: string[] = [];
    for (const budget of sweepBudgets(info)) {
      if (sweep.signal.aborted) return;
      try {
        const result = await this.host.generate(budgetText(budget, info.unit), sweep.signal);
        const point = generatedPoint(result, 'frontier', `frontier:${budget}`);
        if (point) points.push(point);
        else failures.push(budgetText(budget, info.unit));
      } catch (error) {
        if (sweep.signal.aborted || generation !== this.generation) return;
        failures.push(`${budgetText(budget, info.unit)} (${messageOf(error)})`);
      }
      if (generation !== this.generation) return;
      this.setData({ ...data, points: [...data.points, ...points] }, true);
    }
    const notes = failures.length > 0 ? [...data.notes, `Not generated: ${failures.slice(0, 3).join('; ')}`] : data.notes;
    this.setData({ ...data, points: [...data.points, ...points], notes }, false);
  }

  /**
   * The archive grew (a training's evaluations as they arrive, an import, `pnag train` in a terminal) or was
   * deleted: redraws its marks and keeps the generated sweep, so the measured frontier grows round by round
   * without asking the worker to generate again. A full refresh in progress reads the archive anyway.
   */
  async refreshMeasured(): Promise<void> {
    if (!this.view?.visible || !this.ready || !this.data || this.pending) return;
    const generation = this.generation;
    const info = this.host ? await this.host.generatorInfo().catch(() => undefined) : undefined;
    const base = await baseFrontierData(info, this.host?.archive());
    if (generation !== this.generation || !this.data) return;
    const generated = this.data.points.filter((p) => p.series === 'frontier' || p.series === 'live');
    this.setData({ ...base, points: [...base.points, ...generated] }, this.busy);
  }

  /** The current plot data (for the `pnag.exportFrontier` command). */
  get frontierData(): FrontierData | null {
    return this.data;
  }

  /**
   * Saves the generated frontier (the `pnag.exportFrontier` command and the view's CSV/JSON buttons):
   * to `target` (format by extension) or through a save dialog. Sweeps the budgets first when the plot
   * has no sweep yet (the view was never shown, or its inputs changed), waiting for one in progress.
   */
  async exportFrontier(format?: 'csv' | 'json', target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const swept = () => this.data?.points.some((p) => p.series === 'frontier') === true;
    if (this.pending || !swept()) {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'PNAG: sweeping the frontier' }, async () => {
        if (!this.pending) await this.refresh();
        // A superseded sweep resolves early; wait for the newest.
        while (this.pending) await this.pending;
      });
    }
    if (!this.data) {
      void vscode.window.showWarningMessage('PNAG: the Frontier view has nothing to export yet.');
      return undefined;
    }
    if (!swept() && this.data.budgetRange === undefined) {
      void vscode.window.showWarningMessage('PNAG: no trained generator yet, so the export holds the published and archive points only. Run "PNAG: Train generator" for a frontier.');
    }
    return saveFrontier(this.data, format, target);
  }

  private setData(data: FrontierData, busy: boolean): void {
    this.data = data;
    this.busy = busy;
    this.post({ type: 'showFrontier', data, busy });
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
    void this.handle(message).catch((error: unknown) => {
      this.log.error(`Frontier view: ${message.type} failed: ${messageOf(error)}`);
      void vscode.window.showErrorMessage(`PNAG: ${messageOf(error)}`);
    });
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'showCosts', costs: this.costs });
        if (this.data) this.post({ type: 'showFrontier', data: this.data, busy: this.busy });
        else await this.refresh();
        return;
      case 'refresh':
        await this.refresh();
        return;
      case 'generate':
        this.onGenerate();
        return;
      case 'generateAt':
        await this.generateAt(message.requestId, message.budget);
        return;
      case 'insertArch':
        await this.insert(this.archOf(message));
        return;
      case 'copyArch': {
        const arch = this.archOf(message);
        await vscode.env.clipboard.writeText(JSON.stringify({ ...toCompactOfaDict(arch), w: arch.width }));
        void vscode.window.setStatusBarMessage('PNAG: architecture copied as an OFA dict', 3000);
        return;
      }
      case 'exportPlot':
        await savePlot(message.plot);
        return;
      case 'exportFrontier':
        await this.exportFrontier(message.format);
        return;
      case 'runCommand':
        await vscode.commands.executeCommand(message.command);
        return;
    }
  }

  /** The page's architecture, parsed again: webview input is untrusted. */
  private archOf(message: { arch: string; width: number; resolution: number }): Arch {
    return parsePnagString(message.arch, { width: message.width, resolution: message.resolution });
  }

  private async generateAt(requestId: number, budget: number): Promise<void> {
    const info = await this.host?.generatorInfo().catch(() => undefined);
    if (!this.host || !info) {
      this.post({ type: 'generated', requestId, budget, error: 'No trained generator: run “PNAG: Train generator” first.' });
      return;
    }
    // Only the newest slider position matters: an older request still running is cancelled.
    this.live?.abort();
    const live = new AbortController();
    this.live = live;
    try {
      const result = await this.host.generate(budgetText(budget, info.unit), live.signal);
      const point = generatedPoint(result, 'live', `live:${requestId}`);
      this.post(point ? { type: 'generated', requestId, budget, point } : { type: 'generated', requestId, budget, error: 'The accuracy source has no answer for this architecture.' });
    } catch (error) {
      if (live.signal.aborted) return;
      this.post({ type: 'generated', requestId, budget, error: messageOf(error) });
    }
  }

  private async insert(arch: Arch): Promise<void> {
    await this.host?.insert(arch);
  }
}
