import * as vscode from 'vscode';
import type { EngineHost } from '../engineHost';
import type { FrontierViewProvider } from '../frontierView';

/** Settings that change what the Frontier view plots or how its sweep generates. */
const FRONTIER_SETTINGS = ['pnag.costModel', 'pnag.accuracySource', 'pnag.bestOf', 'pnag.width', 'pnag.resolution', 'pnag.budgets'];
/** Training writes the checkpoint and then notifies: both land in one redraw. */
const DEBOUNCE_MS = 300;
/** The archive grows with every batch a training measures: its marks are redrawn at most this often. */
const ARCHIVE_REDRAW_MS = 2000;

/**
 * Keeps the Frontier view in step with its inputs: a training run or an import by this extension, a
 * checkpoint written from outside (`pnag train` in a terminal), and the settings above: a full redraw.
 * The archive is watched too, for its marks only (the measured frontier growing while a training
 * evaluates, or gone with the file). A sweep's generate jobs write neither file, so a redraw cannot trigger itself.
 */
export function watchFrontierInputs(host: EngineHost, frontier: FrontierViewProvider, checkpointRelative: string,
  archiveRelative: string): vscode.Disposable[] {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let archiveTimer: ReturnType<typeof setTimeout> | undefined;
  // Throttled, not debounced: a training appends every few seconds for hours, and the view should move meanwhile.
  // A removed archive (moved aside to start an evaluation budget afresh) takes its marks with it.
  const archiveChanged = () => {
    archiveTimer ??= setTimeout(() => {
      archiveTimer = undefined;
      void frontier.refreshMeasured().catch((error: unknown) => host.log.warn(`Frontier view: archive marks not redrawn: ${String(error)}`));
    }, ARCHIVE_REDRAW_MS);
  };
  const archiveWatcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(host.workspaceDir()), archiveRelative));
  const schedule = (why: string) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      host.log.info(`Frontier view: redrawing (${why})`);
      frontier.invalidate();
    }, DEBOUNCE_MS);
  };
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(host.workspaceDir()), checkpointRelative));
  return [
    host.onDidChangeFiles((change) => schedule(change === 'generator' ? 'a generator was trained' : 'the archive was imported')),
    watcher,
    watcher.onDidCreate(() => schedule('checkpoint created')),
    watcher.onDidChange(() => schedule('checkpoint changed')),
    watcher.onDidDelete(() => schedule('checkpoint deleted')),
    vscode.workspace.onDidChangeConfiguration((event) => {
      const changed = FRONTIER_SETTINGS.filter((key) => event.affectsConfiguration(key));
      if (changed.length > 0) schedule(`${changed.join(', ')} changed`);
    }),
    archiveWatcher,
    archiveWatcher.onDidCreate(archiveChanged),
    archiveWatcher.onDidChange(archiveChanged),
    archiveWatcher.onDidDelete(archiveChanged),
    {
      dispose: () => {
        if (timer) clearTimeout(timer);
        if (archiveTimer) clearTimeout(archiveTimer);
      },
    },
  ];
}
