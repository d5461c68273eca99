import { runsCommand } from '../../core/sources/registry/accuracySourceRegistry';
import { recordedDataSource } from '../generator/generatorInfo';
import type { CheckpointMeta } from '../../core/pipeline/checkpointMeta';
import type { EngineBackend, FrontierDataRequest, FrontierDataResult, GenerateResult } from '../../shared/engineProtocol';
import type { EngineClient } from '../../worker/engineClient';
import type { Arch } from '../../core/space/arch';

/** An archive whose marks the engine worker builds; `build` forwards the request and its cancel. */
export interface WorkerArchive {
  readonly path: string;
  readonly build: (request: FrontierDataRequest, signal?: AbortSignal) => Promise<FrontierDataResult>;
}

/** The archive to plot: read by the worker, or (a bare path, without an engine) in this process. */
export type FrontierArchive = string | WorkerArchive;

/**
 * What the Frontier view asks of the extension host. The host owns the engine client and the editor;
 * the view never starts a worker or edits a document itself. Every member may be absent: the view then
 * shows what it can (references, archive) and says what is missing.
 */
export interface FrontierHost {
  /** The trained generator, or undefined when there is none yet. */
  generatorInfo(): Promise<CheckpointMeta | undefined>;
  /** Generates in the worker for a budget text such as `35ms` or `450M`. */
  generate(budget: string, signal: AbortSignal): Promise<GenerateResult>;
  /** The workspace archive (`.pnag/archive.jsonl`; it may not exist) and where its marks are built. */
  archive(): FrontierArchive | undefined;
  /** Inserts at the cursor with the editor's formatter; resolves to false when nothing was inserted. */
  insert(arch: Arch): Promise<boolean>;
}

/** The parts of EngineHost the adapter uses (structural, so no import cycle). */
export interface EngineHostLike {
  readonly engine: EngineClient;
  workspaceDir(): string;
  checkpointPath(): string;
  /** The checkpoint generation reads: the workspace's own, else a shipped one; undefined when neither. */
  generatorPath(): string | undefined;
  generatorInfo(): Promise<CheckpointMeta | undefined>;
}

/**
 * The usual wiring: generation and the archive's marks through the host's engine client (generation
 * with its checkpoint), and insertion through `insert` (e.g. the `pnag.insertArchitecture` command).
 */
export function engineFrontierHost(
  host: EngineHostLike,
  archivePath: () => string | undefined,
  insert: (arch: Arch) => Promise<boolean>,
  /** Candidates sampled per budget; the same setting the Generate command uses, so a plotted point is what it would insert. */
  bestOf: () => number | undefined = () => undefined,
  /** pnag.backend, as the Train and Generate commands send it: a different one would restart the worker each time. */
  backend: () => EngineBackend | undefined = () => undefined,
  /** The accuracy spec of the user's settings (trust rule applied); never the checkpoint's record. */
  accuracy: () => string | undefined = () => undefined,
): FrontierHost {
  return {
    generatorInfo: () => host.generatorInfo(),
    generate: async (budget, signal) => {
      const candidates = bestOf();
      const chosen = backend();
      // Settings that leave the source to the defaults fall back to the checkpoint's recorded source when it
      // names data only (as the editor lens does), so a generator trained on another source is still plotted.
      const source = sweepAccuracySpec(accuracy()) ?? recordedDataSource(await host.generatorInfo());
      return host.engine.generate(
        {
          workspace: host.workspaceDir(),
          budget,
          checkpoint: host.generatorPath() ?? host.checkpointPath(),
          ...(candidates !== undefined ? { bestOf: candidates } : {}),
          ...(chosen !== undefined ? { backend: chosen } : {}),
          ...(source !== undefined ? { accuracy: source } : {}),
        },
        { signal },
      );
    },
    archive: () => {
      const path = archivePath();
      if (path === undefined) return undefined;
      // Read, merged and costed in the worker: the host only forwards the marks.
      return { path, build: (request, signal) => host.engine.frontierData(request, signal ? { signal } : {}) };
    },
    insert,
  };
}

/**
 * The source the view's generations may ask: the settings' own, except an evaluator. A sweep and the live
 * slider generate many times without a click each, and an evaluator run is the user's to start (Generate).
 */
export function sweepAccuracySpec(spec: string | undefined): string | undefined {
  return spec === undefined || runsCommand(spec) ? undefined : spec;
}
