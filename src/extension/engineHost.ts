import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { JobKind } from '../shared/engineProtocol';
import { EngineClient } from '../worker/engineClient';
import type { CheckpointMeta } from '../core/pipeline/checkpointMeta';
import { generatorInfoOf } from './generator/generatorInfo';
import { shippedGeneratorPath } from './generator/shippedGenerator';
import { accuracySpecFromSettings, explicitShape, readSettings } from './settings/readSettings';

/** Relative to the workspace folder (or global storage): where `pnag train` writes, as the CLI does. */
export const CHECKPOINT_RELATIVE = join('.pnag', 'generator.ckpt.json');
export const ARCHIVE_RELATIVE = join('.pnag', 'archive.jsonl');

export interface TrainingStats {
  readonly seconds: number;
  /** Longest event-loop stall of the extension host while the worker trained (perf_hooks histogram). */
  readonly maxStallMs: number;
  readonly p99StallMs: number;
  readonly cancelled: boolean;
}

/** What changed in the workspace's `.pnag` folder. */
export type EngineFilesChange = 'generator' | 'archive';

/** Figures the tests read through the hidden `pnag._stats` command and docs/extension.md quotes. */
export interface HostStats {
  activationMs: number;
  lastTraining?: TrainingStats;
}

/**
 * The engine as the extension host sees it: one worker client, started on the first job and ended on
 * dispose, and the folders its files live in. Nothing heavy runs on this thread.
 */
export class EngineHost implements vscode.Disposable {
  readonly stats: HostStats = { activationMs: NaN };
  /** Jobs running for the commands: aborted on dispose; an exclusive kind runs one at a time. */
  private readonly jobs = new Set<{ readonly kind: JobKind; readonly exclusive: boolean; readonly controller: AbortController }>();
  private client: EngineClient | undefined;
  private readonly changed = new vscode.EventEmitter<EngineFilesChange>();
  /** Fires when this extension changed the generator or the archive (the Frontier view redraws). */
  readonly onDidChangeFiles = this.changed.event;
  private cachedInfo: { path: string; mtimeMs: number; info: CheckpointMeta | undefined } | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
  ) {}

  get extensionPath(): string {
    return this.context.extensionPath;
  }

  get engine(): EngineClient {
    this.client ??= new EngineClient({ workerFile: join(this.context.extensionPath, 'dist', 'worker.js') });
    return this.client;
  }

  /** The first workspace folder, or the extension's global storage when no folder is open. */
  workspaceDir(): string {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    const dir = folder ? folder.uri.fsPath : this.context.globalStorageUri.fsPath;
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  checkpointPath(): string {
    return join(this.workspaceDir(), CHECKPOINT_RELATIVE);
  }

  /**
   * The generator the commands use: the workspace's own checkpoint, else the one shipped in the package when
   * the settings are those it was trained with (so a fresh workspace generates without training), else none.
   */
  generatorPath(): string | undefined {
    const own = this.checkpointPath();
    if (existsSync(own)) return own;
    try {
      const settings = readSettings();
      return shippedGeneratorPath({
        settings,
        accuracy: accuracySpecFromSettings(settings),
        shape: explicitShape(),
        archiveExists: existsSync(join(this.workspaceDir(), ARCHIVE_RELATIVE)),
      });
    } catch {
      // A setting the Train command would refuse: no shipped generator either; Train says what is wrong.
      return undefined;
    }
  }

  /** The generator's unit, budgets and sources, or undefined when there is none (cached by mtime). */
  async generatorInfo(): Promise<CheckpointMeta | undefined> {
    const path = this.generatorPath();
    if (path === undefined) return undefined;
    const { mtimeMs } = await vscode.workspace.fs.stat(vscode.Uri.file(path)).then((s) => ({ mtimeMs: s.mtime }));
    if (this.cachedInfo?.path === path && this.cachedInfo.mtimeMs === mtimeMs) return this.cachedInfo.info;
    let info: CheckpointMeta | undefined;
    try {
      info = generatorInfoOf(JSON.parse(await readFile(path, 'utf8')), `checkpoint ${path}`);
    } catch (error) {
      this.log.warn(`could not read ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.cachedInfo = { path, mtimeMs, info };
    return info;
  }

  /** A controller for a new job of `kind`, or undefined when it is exclusive and one of its kind runs. */
  startJob(kind: JobKind, exclusive: boolean): AbortController | undefined {
    if (exclusive && [...this.jobs].some((job) => job.kind === kind && job.exclusive)) return undefined;
    const controller = new AbortController();
    this.jobs.add({ kind, exclusive, controller });
    return controller;
  }

  endJob(controller: AbortController): void {
    for (const job of this.jobs) if (job.controller === controller) this.jobs.delete(job);
  }

  /** Called after a training run wrote a checkpoint or an import grew the archive. */
  notifyChanged(change: EngineFilesChange): void {
    this.changed.fire(change);
  }

  dispose(): void {
    this.changed.dispose();
    for (const job of this.jobs) job.controller.abort();
    void this.client?.dispose();
    this.client = undefined;
  }
}
