import * as vscode from 'vscode';
import { lutTablesAt } from '../../core/cost/lut/builtinLuts';
import { LutCostModel } from '../../core/cost/lut/lutCostModel';
import { maddsM } from '../../core/cost/madds';
import { paramsM } from '../../core/cost/params';
import { messageOf } from '../../core/errors';
import { type Arch, archKey } from '../../core/space/arch';
import { parsePnagString, toPnagString } from '../../core/space/pnagString';
import type { EngineHost } from '../engineHost';
import { recordedDataSource } from '../generator/generatorInfo';
import { accuracySpecFromSettings, readSettings } from '../settings/readSettings';
import { findArchitectures, type FoundArchitecture } from './findArchitectures';

export const EVALUATE_COMMAND = 'pnag.evaluateArchitecture';
const LANGUAGES = ['python', 'json', 'jsonc', 'yaml'];
const SELECTOR: vscode.DocumentSelector = LANGUAGES.map((language) => ({ language }));

export interface Accuracy {
  readonly top1?: number;
  readonly source: string;
  /** True for a training-free estimate (`proxy:`): shown as such, never as a measured top-1. */
  readonly estimate?: boolean;
  readonly error?: string;
}

/** `top-1 76.68% (proxy:madds, an estimate)` */
export function accuracyText(accuracy: Accuracy & { top1: number }): string {
  return `top-1 ${accuracy.top1.toFixed(2)}% (${accuracy.source}${accuracy.estimate ? ', an estimate' : ''})`;
}

/** Exact costs on the host (microseconds each); accuracy only on request, in the engine worker. */
class ArchitectureFacts {
  private readonly accuracy = new Map<string, Accuracy>();
  private lut: { spec: string; model?: LutCostModel; error?: string } | undefined;
  readonly changed = new vscode.EventEmitter<void>();

  constructor(private readonly host: EngineHost) {}

  found(document: vscode.TextDocument): FoundArchitecture[] {
    const settings = readSettings();
    return findArchitectures(document.getText(), document.languageId, { width: settings.width, resolution: settings.resolution });
  }

  /** Latency from the configured look-up tables, loaded once per setting value. */
  latency(arch: Arch): { ms?: number; name?: string; error?: string } {
    const spec = readSettings().costModel.trim();
    if (!spec.startsWith('lut:')) return {};
    if (this.lut?.spec !== spec) {
      // `lut:note10` and `lut:i7-8700k` are the shipped tables, as everywhere else; other names are the user's paths.
      const at = lutTablesAt(spec.slice(4).trim(), this.host.workspaceDir());
      try {
        this.lut = { spec, model: LutCostModel.load(at.path, { device: at.device }) };
      } catch (error) {
        this.lut = { spec, error: messageOf(error) };
      }
    }
    if (!this.lut.model) return { error: this.lut.error };
    try {
      return { ms: this.lut.model.costOf(arch), name: this.lut.model.name };
    } catch (error) {
      return { error: messageOf(error) };
    }
  }

  accuracyOf(arch: Arch): Accuracy | undefined {
    return this.accuracy.get(archKey(arch));
  }

  /** The accuracy spec a lens asks: the settings', else the trained generator's when it names data only. */
  async accuracySpec(): Promise<string | undefined> {
    const fromSettings = accuracySpecFromSettings();
    if (fromSettings) return fromSettings;
    return recordedDataSource(await this.host.generatorInfo());
  }

  async evaluate(arch: Arch): Promise<Accuracy> {
    let result: Accuracy;
    try {
      const spec = await this.accuracySpec();
      if (!spec) throw new Error('choose an accuracy source first (PNAG: Choose accuracy source) or train a generator; an evaluator command recorded in a checkpoint never runs');
      // In the engine worker, on the backend training uses there (proxy:naswot / proxy:zen build the network).
      const predicted = await this.host.engine.predict({
        workspace: this.host.workspaceDir(),
        source: spec,
        arch: toPnagString(arch),
        width: arch.width,
        resolution: arch.resolution,
        backend: readSettings().backend,
      });
      result = { top1: predicted.top1, source: predicted.source, estimate: predicted.estimate };
    } catch (error) {
      result = { source: 'accuracy', error: messageOf(error) };
    }
    this.accuracy.set(archKey(arch), result);
    this.changed.fire();
    return result;
  }

  /** `348.6M MAdds (PNAG) · 350.1M (OFA) · 7.34M params · 21.3 ms (lut:note10)` */
  costLine(arch: Arch): string {
    const parts = [`${maddsM(arch, 'pnag').toFixed(1)}M MAdds (PNAG count)`, `${maddsM(arch, 'ofa').toFixed(1)}M (OFA count)`, `${paramsM(arch).toFixed(2)}M params`];
    const latency = this.latency(arch);
    if (latency.ms !== undefined) parts.push(`${latency.ms.toFixed(2)} ms (${latency.name})`);
    else if (latency.error) parts.push(`latency: ${latency.error}`);
    return parts.join(' · ');
  }
}

function rangeOf(document: vscode.TextDocument, found: FoundArchitecture): vscode.Range {
  return new vscode.Range(document.positionAt(found.start), document.positionAt(found.end));
}

class ArchitectureLenses implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly facts: ArchitectureFacts) {
    this.onDidChangeCodeLenses = facts.changed.event;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    for (const found of this.facts.found(document)) {
      if (!found.arch) continue;
      const range = rangeOf(document, found);
      const arch = found.arch;
      lenses.push(new vscode.CodeLens(range, { title: `PNAG: ${this.facts.costLine(arch)} · r${arch.resolution} w${arch.width.toFixed(1)}`, command: '' }));
      const accuracy = this.facts.accuracyOf(arch);
      const title =
        accuracy === undefined
          ? 'top-1: evaluate'
          : accuracy.top1 !== undefined
            ? accuracyText({ ...accuracy, top1: accuracy.top1 })
            : `top-1 unavailable: ${accuracy.error}`;
      lenses.push(new vscode.CodeLens(range, { title, command: EVALUATE_COMMAND, arguments: [toPnagString(arch), arch.width, arch.resolution] }));
    }
    return lenses;
  }
}

class ArchitectureHover implements vscode.HoverProvider {
  constructor(private readonly facts: ArchitectureFacts) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const offset = document.offsetAt(position);
    const found = this.facts.found(document).find((f) => f.start <= offset && offset <= f.end);
    if (!found) return undefined;
    const markdown = new vscode.MarkdownString();
    if (!found.arch) {
      markdown.appendMarkdown(`**PNAG:** not in the search space: ${found.error ?? ''}`);
      return new vscode.Hover(markdown, rangeOf(document, found));
    }
    const arch = found.arch;
    markdown.appendMarkdown(`**PNAG** \`${toPnagString(arch)}\` at r${arch.resolution}, w${arch.width.toFixed(1)}\n\n`);
    markdown.appendMarkdown(`${this.facts.costLine(arch)} (exact counts)\n\n`);
    const accuracy = this.facts.accuracyOf(arch);
    if (accuracy?.top1 !== undefined) {
      markdown.appendMarkdown(accuracyText({ ...accuracy, top1: accuracy.top1 }));
      if (accuracy.estimate) markdown.appendMarkdown('\n\nA training-free estimate: it ranks architectures, it is not a measured accuracy.');
    } else markdown.appendMarkdown('top-1: use the "top-1: evaluate" lens to ask the accuracy source');
    return new vscode.Hover(markdown, rangeOf(document, found));
  }
}

/** Lenses and hovers over architectures, and a diagnostic (the parser's message) for values outside the space. */
export function registerEditorArchitectures(host: EngineHost): vscode.Disposable[] {
  const facts = new ArchitectureFacts(host);
  const diagnostics = vscode.languages.createDiagnosticCollection('pnag');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const check = (document: vscode.TextDocument) => {
    if (!LANGUAGES.includes(document.languageId)) return;
    const problems = facts
      .found(document)
      .filter((f) => f.error !== undefined)
      .map((f) => {
        const diagnostic = new vscode.Diagnostic(rangeOf(document, f), `PNAG: ${f.error}`, vscode.DiagnosticSeverity.Warning);
        diagnostic.source = 'pnag';
        return diagnostic;
      });
    diagnostics.set(document.uri, problems);
  };
  // Typing bursts are checked once they pause.
  const schedule = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => check(document), 250));
  };
  vscode.workspace.textDocuments.forEach(check);
  return [
    diagnostics,
    facts.changed,
    vscode.languages.registerCodeLensProvider(SELECTOR, new ArchitectureLenses(facts)),
    vscode.languages.registerHoverProvider(SELECTOR, new ArchitectureHover(facts)),
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((event) => schedule(event.document)),
    vscode.workspace.onDidCloseTextDocument((document) => diagnostics.delete(document.uri)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('pnag')) {
        vscode.workspace.textDocuments.forEach(check);
        facts.changed.fire();
      }
    }),
    vscode.commands.registerCommand(EVALUATE_COMMAND, async (pnag: unknown, width: unknown, resolution: unknown) => {
      if (typeof pnag !== 'string') return undefined;
      const arch = parsePnagString(pnag, { width: typeof width === 'number' ? width : undefined, resolution: typeof resolution === 'number' ? resolution : undefined });
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'PNAG: asking the accuracy source' }, () => facts.evaluate(arch));
      if (result.error) void vscode.window.showWarningMessage(`PNAG: ${result.error}`);
      return result;
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  ];
}
