import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { flagValue, numberFlag } from '../../../bench/benchFlags';

const argv = ['node', 'bench.ts', '--total', '2000', '--offset', '0.75', '--seeds', '1,2', '--empty', ''];

test('a numeric flag gives its number, undefined when absent', () => {
  assert.equal(numberFlag(argv, '--total'), 2000);
  assert.equal(numberFlag(argv, '--offset'), 0.75);
  assert.equal(numberFlag(['--total', '1e3'], '--total'), 1000);
  assert.equal(numberFlag(argv, '--batch'), undefined);
  assert.equal(flagValue(argv, '--seeds'), '1,2');
  assert.equal(flagValue(argv, '--batch'), undefined);
});

test('a numeric flag that is not a finite number, or has no value, is refused naming the flag and the value', () => {
  assert.throws(() => numberFlag(['--total', '1e3x'], '--total'), /--total takes a number, got "1e3x"/);
  assert.throws(() => numberFlag(['--seeds', '1,2'], '--seeds'), /--seeds takes a number, got "1,2"/);
  assert.throws(() => numberFlag(['--scale', 'Infinity'], '--scale'), /--scale takes a number/);
  assert.throws(() => numberFlag(['--total'], '--total'), /--total takes a number, got ""/);
  assert.throws(() => numberFlag(argv, '--empty'), /--empty takes a number, got ""/);
});

test('a bench given a malformed numeric flag stops with exit 2 and names it', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/additiveKnapsack.ts', '--total', '1e3x'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /bench: --total takes a number, got "1e3x"/);
  assert.doesNotMatch(run.stdout, /mean gap/);
});
