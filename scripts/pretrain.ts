// Trains the generators the package ships (data/generators/), one per built-in task, on OFA's built-in
// predictor at width 1.2, resolution 224, seed 0, with the settings a fresh `pnag generate` trains with.
// Anyone can rerun it; on the same machine and backend the same seed gives the same weights.
// Usage: npx tsx scripts/pretrain.ts [--only madds-pnag,note10] [--out data/generators] [--backend wasm]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BUILTIN_GENERATORS, BUILTIN_GENERATOR_RESOLUTION, BUILTIN_GENERATOR_SEED, BUILTIN_GENERATOR_WIDTH } from '../src/core/pipeline/builtinGenerators';
import { trainJob } from '../src/core/pipeline/trainJob';
import { BUILTIN_OFA_SPEC } from '../src/core/sources/sourceSpec';
import type { EngineBackend } from '../src/shared/engineProtocol';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const only = option('--only')?.split(',');
  const out = resolve(option('--out') ?? join('data', 'generators'));
  const backend = (option('--backend') ?? 'wasm') as EngineBackend;
  for (const generator of BUILTIN_GENERATORS.filter((g) => !only || only.includes(g.name))) {
    // A scratch workspace: the labelled architectures go to its archive, not to this repository.
    const workspace = mkdtempSync(join(tmpdir(), `pnag-pretrain-${generator.name}-`));
    try {
      const result = await trainJob(
        {
          workspace,
          accuracy: BUILTIN_OFA_SPEC,
          cost: generator.costSpec,
          seed: BUILTIN_GENERATOR_SEED,
          width: BUILTIN_GENERATOR_WIDTH,
          resolution: BUILTIN_GENERATOR_RESOLUTION,
          backend,
          out: join(out, generator.file),
        },
        { onNote: (text) => console.log(`[${generator.name}] ${text}`) },
      );
      console.log(
        `[${generator.name}] ${result.checkpoint}: ${result.archs} archs, evaluator tau ${result.evaluatorTau.toFixed(3)}, ` +
          `reward ${result.finalReward.toFixed(3)}, budgets ${result.budgets[0]}..${result.budgets[result.budgets.length - 1]} ${result.unit}, ${result.seconds.toFixed(0)} s (${result.backend ?? backend})`,
      );
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
