import test from 'node:test';
import assert from 'node:assert/strict';
import { generateJson } from '../../../src/cli/commands/generate';
import { maddsM } from '../../../src/core/cost/madds';
import { parsePnagString } from '../../../src/core/space/pnagString';
import type { GenerateResult } from '../../../src/shared/engineProtocol';

const PNAG = '2,3,3,3,3:3,3,0,0,3,5,3,0,3,3,5,0,3,3,5,0,5,5,7,0:3,3,0,0,4,3,3,0,4,4,4,0,4,6,6,0,6,6,3,0';

function result(costModel: string, maddsCount: 'ofa' | 'pnag', latency: number | null): GenerateResult {
  const arch = parsePnagString(PNAG, { width: 1.0, resolution: 192 });
  const out: GenerateResult = {
    kind: 'generate',
    pnag: PNAG,
    arch: { ks: [], e: [], d: [], r: 192 },
    width: 1.0,
    resolution: 192,
    madds_M: Number(maddsM(arch, maddsCount).toFixed(3)),
    latency_ms: latency,
    budget: 300,
    unit: latency === null ? 'M' : 'ms',
    costModel,
    top1: 75,
    source: 'ofa-predictor',
    estimate: false,
    repaired: false,
    clamped: false,
    checkpoint: '/ws/.pnag/generator.ckpt.json',
    notes: [],
  };
  return out;
}

test('generate --json names both MAdds counts and the cost model, at the architecture\'s width and resolution', () => {
  const arch = parsePnagString(PNAG, { width: 1.0, resolution: 192 });
  for (const [model, count, latency] of [['madds:pnag', 'pnag', null], ['madds:ofa', 'ofa', null], ['lut:note10', 'pnag', 21.5]] as const) {
    const out = generateJson(result(model, count, latency));
    assert.equal(out.cost_model, model);
    assert.equal(out.madds_ofa_M, Number(maddsM(arch, 'ofa').toFixed(3)));
    assert.equal(out.madds_pnag_M, Number(maddsM(arch, 'pnag').toFixed(3)));
    assert.ok((out.madds_ofa_M as number) > (out.madds_pnag_M as number), 'OFA counts the classifier too');
    // madds_M stays the cost model's count, as before.
    assert.equal(out.madds_M, count === 'ofa' ? out.madds_ofa_M : out.madds_pnag_M);
  }
});
