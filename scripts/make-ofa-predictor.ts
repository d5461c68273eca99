// Makes the compact copy of OFA's accuracy predictor that the package ships (data/ofa-predictor/) from OFA's
// own file: `acc_predictor.pth` (han-cai/files `ofa/acc_predictor.pth`) or its JSON weights.
// Usage: npx tsx scripts/make-ofa-predictor.ts <acc_predictor.pth | weights.json> [--out <folder>]
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { encodeBinaryWeights } from '../src/core/predict/ofaPredictorBinary';
import { OfaPredictor } from '../src/core/predict/ofaPredictor';
import { loadOfaPredictorWeights } from '../src/core/predict/ofaPredictorWeights';
import { BUILTIN_OFA_PREDICTOR } from '../src/core/predict/ofaPredictor';
import { randomArch } from '../src/core/space/arch';
import { Random } from '../src/core/util/random';

const SOURCE_NOTE =
  "OFA's accuracy predictor for the w1.2 MobileNetV3 supernet (mit-han-lab/once-for-all, MIT licence), " +
  'from han-cai/files ofa/acc_predictor.pth (sha256 48685122a3540636b06699af66cd816456b25f29b69563e2fda9bed4018eeba0); see data/NOTICE.md';

function main(): void {
  const input = process.argv[2];
  if (!input || input.startsWith('--')) {
    console.error('usage: npx tsx scripts/make-ofa-predictor.ts <acc_predictor.pth | weights.json> [--out <folder>]');
    process.exit(2);
  }
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex > 0 ? process.argv[outIndex + 1] : join('data', BUILTIN_OFA_PREDICTOR[0]);
  const headerName = BUILTIN_OFA_PREDICTOR[1];
  const binName = headerName.replace(/\.json$/, '.bin');
  const weights = loadOfaPredictorWeights(input);
  const { header, bytes } = encodeBinaryWeights(weights, binName, SOURCE_NOTE);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, binName), bytes);
  writeFileSync(join(out, headerName), `${JSON.stringify(header, null, 2)}\n`);

  // Read back and compare on random architectures: the two must predict the same.
  const original = new OfaPredictor(weights);
  const copy = OfaPredictor.fromFile(join(out, headerName));
  const rng = new Random(0);
  const archs = Array.from({ length: 500 }, () => randomArch(rng, { resolution: 128 + 4 * rng.int(25) }));
  const a = original.predictFractions(archs);
  const b = copy.predictFractions(archs);
  const worst = a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
  if (worst !== 0) throw new Error(`the copy predicts differently (largest difference ${worst})`);
  console.log(`${join(out, binName)}: ${bytes.length} bytes from ${basename(input)}; ${join(out, headerName)}; 500 predictions identical`);
}

main();
