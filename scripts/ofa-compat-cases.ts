// Helper of scripts/check-ofa-compat.py: prints, as one JSON document, what PNAG writes for seeded random
// architectures (`cases <n> <seed>`), or what PNAG reads from texts OFA printed (`parse`, a JSON list of
// texts on stdin). Run with `node --import tsx scripts/ofa-compat-cases.ts ...`.
import { readFileSync } from 'node:fs';
import { maddsCounts } from '../src/core/cost/maddsCounts';
import { formatInsertion, type InsertionOptions } from '../src/core/format/architectureInsertion';
import { randomArch } from '../src/core/space/arch';
import { toNetworkConfig } from '../src/core/space/networkConfig';
import { parseArchText } from '../src/core/space/parseArch';
import { toPnagString } from '../src/core/space/pnagString';
import { Random } from '../src/core/util/random';

const FACTS = { maddsM: 0, costModel: 'madds:pnag', accuracySource: 'none' };

/** The inserted text without its comment line. */
function body(language: string, arch: Parameters<typeof formatInsertion>[1], options: InsertionOptions): string {
  return formatInsertion(language, arch, FACTS, options).text.split('\n').filter((line) => !/^\s*(#|\/\/)/.test(line)).join('\n');
}

const [mode, count = '20', seed = '1'] = process.argv.slice(2);
if (mode === 'cases') {
  const rng = new Random(Number(seed));
  const cases = Array.from({ length: Number(count) }, (_, i) => {
    const arch = randomArch(rng, { width: i % 2 ? 1.0 : 1.2, resolution: 128 + 4 * rng.int(25) });
    return {
      pnag: toPnagString(arch),
      width: arch.width,
      resolution: arch.resolution,
      set_active_subnet: body('python', arch, { python: 'setActiveSubnet' }),
      python_dict: body('python', arch, { python: 'dict' }),
      tutorial_dict: body('python', arch, { python: 'ofaTutorialDict' }),
      network_config: toNetworkConfig(arch),
      ...maddsCounts(arch),
    };
  });
  console.log(JSON.stringify(cases));
} else if (mode === 'parse') {
  const texts = JSON.parse(readFileSync(0, 'utf8')) as string[];
  console.log(JSON.stringify(texts.map((text) => {
    const arch = parseArchText(text);
    return { pnag: toPnagString(arch), width: arch.width, resolution: arch.resolution, ...maddsCounts(arch) };
  })));
} else {
  console.error('usage: ofa-compat-cases.ts cases <n> <seed> | parse < texts.json');
  process.exit(2);
}
