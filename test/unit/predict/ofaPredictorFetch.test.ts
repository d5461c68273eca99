import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OFA_PREDICTOR_FILE_NAME, fetchOfaPredictor } from '../../../src/core/predict/ofaPredictorFetch';
import { nasdataPath } from '../nasdata';

// Only a local server on 127.0.0.1: these tests never contact the internet.
const GOOD = readFileSync(nasdataPath('ofa_acc_predictor_w1.2.pth'));
const BAD = Buffer.from(GOOD);
BAD[5000] ^= 0xff;

interface Fixture {
  readonly base: string;
  readonly requests: string[];
  /** Resolves once /stall has sent half the file; destroy the socket with `cut()`. */
  readonly stalled: Promise<void>;
  cut(): void;
  close(): Promise<void>;
}

async function serve(): Promise<Fixture> {
  const requests: string[] = [];
  let onStall: () => void = () => undefined;
  const stalled = new Promise<void>((resolve) => (onStall = resolve));
  let stalledSocket: { destroy(): void } | undefined;
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/good' || req.url === '/bad') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': GOOD.length });
      res.end(req.url === '/good' ? GOOD : BAD);
    } else if (req.url === '/stall') {
      res.writeHead(200, { 'content-length': GOOD.length });
      res.write(GOOD.subarray(0, GOOD.length >> 1), () => onStall());
      stalledSocket = req.socket;
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    stalled,
    cut: () => stalledSocket?.destroy(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function cacheDir(): string {
  return mkdtempSync(join(tmpdir(), 'pnag-ofa-fetch-'));
}

test('downloads the predictor, checks its sha256 and leaves only the final file', async () => {
  const server = await serve();
  const dir = cacheDir();
  try {
    const result = await fetchOfaPredictor(dir, { url: `${server.base}/good` });
    assert.deepEqual(result, { ok: true, path: join(dir, OFA_PREDICTOR_FILE_NAME), downloaded: true });
    assert.deepEqual(readFileSync(join(dir, OFA_PREDICTOR_FILE_NAME)), GOOD);
    assert.deepEqual(readdirSync(dir), [OFA_PREDICTOR_FILE_NAME]);
    // a second call finds the intact file and does not download again
    const again = await fetchOfaPredictor(dir, { url: `${server.base}/good` });
    assert.equal(again.ok && again.downloaded, false);
    assert.deepEqual(server.requests, ['/good']);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file with the wrong sha256 is refused and nothing is written', async () => {
  const server = await serve();
  const dir = cacheDir();
  try {
    const result = await fetchOfaPredictor(dir, { url: `${server.base}/bad` });
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.reason === 'checksum');
    assert.match(!result.ok ? result.message : '', /sha256 [0-9a-f]{64}, expected 48685122a3540636b06699af66cd816456b25f29b69563e2fda9bed4018eeba0\. Nothing was saved/);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a corrupted cached file is replaced by a good download', async () => {
  const server = await serve();
  const dir = cacheDir();
  try {
    writeFileSync(join(dir, OFA_PREDICTOR_FILE_NAME), BAD);
    const result = await fetchOfaPredictor(dir, { url: `${server.base}/good` });
    assert.ok(result.ok && result.downloaded);
    assert.deepEqual(readFileSync(join(dir, OFA_PREDICTOR_FILE_NAME)), GOOD);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a download that breaks off half-way never leaves a file in place', async () => {
  const server = await serve();
  const dir = cacheDir();
  try {
    const pending = fetchOfaPredictor(dir, { url: `${server.base}/stall` });
    await server.stalled;
    assert.equal(existsSync(join(dir, OFA_PREDICTOR_FILE_NAME)), false);
    server.cut();
    const result = await pending;
    assert.ok(!result.ok && result.reason === 'interrupted', JSON.stringify(result));
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('HTTP errors and an unreachable host give a clear message asking for a local file', async () => {
  const server = await serve();
  const dir = cacheDir();
  try {
    const missing = await fetchOfaPredictor(dir, { url: `${server.base}/missing` });
    assert.ok(!missing.ok && missing.reason === 'http');
    assert.match(!missing.ok ? missing.message : '', /HTTP 404 .*give its path instead, e\.g\. --source ofa:/);
    const base = server.base;
    await server.close();
    const offline = await fetchOfaPredictor(dir, { url: `${base}/good`, timeoutMs: 5000 });
    assert.ok(!offline.ok && offline.reason === 'offline');
    assert.match(!offline.ok ? offline.message : '', /seems to be offline \(ECONNREFUSED\)\. Download acc_predictor\.pth .* yourself/);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
