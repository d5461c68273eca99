import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PROXY_ESTIMATOR, ProxyAccuracySource, proxyEstimatorNames } from '../../../src/core/proxy/proxyAccuracySource';
import { PROXY_CALIBRATION_SETTINGS, PROXY_ESTIMATORS } from '../../../src/core/proxy/proxyCalibration';
import { kendallTau } from '../../../src/core/predict/rankMetrics';
import { fromOfaDict } from '../../../src/core/space/ofaDict';
import { initBackend } from '../../../src/core/tf/backend';
import { InputError } from '../../../src/core/errors';
import { readNasdataCsv } from '../nasdata';

const list = (text: string) => text.split(',').map(Number);

function dynastSample(count: number) {
  const rows = readNasdataCsv('dynast_ofa_mbv3_w1.0_top1_macs.csv').rows;
  // Every 97th row: spread over the five search runs of the file.
  const picked = rows.filter((_, i) => i % 97 === 0).slice(0, count);
  return picked.map((r) => ({
    arch: fromOfaDict({ d: list(r.values.d), ks: list(r.values.ks), e: list(r.values.e), r: Number(r.values.r), w: 1.0 }),
    top1: Number(r.values.top1),
  }));
}

test.before(async () => {
  await initBackend('wasm');
});

test('the proxy source is a queryable estimate in percent, named for its estimator', () => {
  const source = new ProxyAccuracySource();
  assert.equal(source.name, `proxy:${DEFAULT_PROXY_ESTIMATOR}`);
  assert.equal(source.unit, '%');
  assert.equal(source.isEstimate, true);
  assert.equal(source.queryable, true);
  assert.ok(proxyEstimatorNames().includes('zen') && proxyEstimatorNames().includes('cost'));
  assert.throws(() => new ProxyAccuracySource('synflow'), (e: unknown) => e instanceof InputError && /synflow.*cost/.test(e.message));
});

test('the shipped calibration is the one the benchmark fitted and reported', () => {
  const results = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'bench', 'results', 'proxies.json'), 'utf8')) as {
    proxy_batch: number;
    proxy_input_side: number;
    calibrated_two_fold: Record<string, { features: string[]; map_on_all: { intercept: number; coefficients: number[] } }>;
  };
  assert.equal(PROXY_CALIBRATION_SETTINGS.batch, results.proxy_batch);
  assert.equal(Math.round(224 * PROXY_CALIBRATION_SETTINGS.scale), results.proxy_input_side);
  for (const [name, estimator] of Object.entries(PROXY_ESTIMATORS)) {
    const fitted = results.calibrated_two_fold[`linear(${estimator.features.join(', ')})`];
    assert.ok(fitted, `estimator ${name} has no benchmark entry`);
    assert.ok(Math.abs(fitted.map_on_all.intercept - estimator.map.intercept) < 1e-6, name);
    fitted.map_on_all.coefficients.forEach((c, k) => assert.ok(Math.abs(c - estimator.map.coefficients[k]) < 1e-6, `${name} coefficient ${k}`));
  }
});

test('on DyNAS-T rows the cost and Zen estimates rank measured top-1 and land on its scale', async () => {
  const sample = dynastSample(16);
  const truth = sample.map((s) => s.top1);
  for (const which of ['cost', 'zen']) {
    const estimates = await new ProxyAccuracySource(which).accuracy(sample.map((s) => s.arch));
    assert.ok(kendallTau(truth, estimates) > 0.5, `${which}: tau ${kendallTau(truth, estimates)}`);
    for (const e of estimates) assert.ok(e > 65 && e < 85, `${which}: estimate ${e}`);
  }
});
