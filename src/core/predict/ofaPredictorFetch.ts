import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { messageOf } from '../errors';

/**
 * Downloads OFA's accuracy predictor (the file OFA's tutorial fetches) into a cache folder, checks its
 * sha256 and moves it into place only when it matches, so a half-written or wrong file is never seen.
 */
export const OFA_PREDICTOR_URL = 'https://raw.githubusercontent.com/han-cai/files/master/ofa/acc_predictor.pth';
export const OFA_PREDICTOR_SHA256 = '48685122a3540636b06699af66cd816456b25f29b69563e2fda9bed4018eeba0';
export const OFA_PREDICTOR_FILE_NAME = 'acc_predictor.pth';
/** The real file is 1.5 MB; refuse anything far larger rather than fill the disk. */
const MAX_BYTES = 64 * 1024 * 1024;

export interface FetchOfaPredictorOptions {
  readonly url?: string;
  readonly sha256?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export type FetchOfaPredictorResult =
  | { readonly ok: true; readonly path: string; readonly downloaded: boolean }
  | { readonly ok: false; readonly reason: 'offline' | 'http' | 'interrupted' | 'checksum' | 'too-large'; readonly message: string };

const ASK_FOR_LOCAL_FILE =
  'Download acc_predictor.pth (or the JSON weights) yourself and give its path instead, e.g. --source ofa:/path/to/acc_predictor.pth.';

/** The cached file if it is already there and intact, else a fresh download. Never throws for network problems. */
export async function fetchOfaPredictor(cacheDir: string, options: FetchOfaPredictorOptions = {}): Promise<FetchOfaPredictorResult> {
  const url = options.url ?? OFA_PREDICTOR_URL;
  const expected = (options.sha256 ?? OFA_PREDICTOR_SHA256).toLowerCase();
  const path = join(cacheDir, OFA_PREDICTOR_FILE_NAME);
  if (sha256OfFile(path) === expected) return { ok: true, path, downloaded: false };

  const signals = [AbortSignal.timeout(options.timeoutMs ?? 60_000), ...(options.signal ? [options.signal] : [])];
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.any(signals), redirect: 'follow' });
  } catch (error) {
    options.signal?.throwIfAborted();
    return {
      ok: false,
      reason: 'offline',
      message: `Could not reach ${hostOf(url)} to download OFA's predictor — this machine seems to be offline (${causeOf(error)}). ${ASK_FOR_LOCAL_FILE}`,
    };
  }
  if (!response.ok) {
    return { ok: false, reason: 'http', message: `Could not download OFA's predictor: HTTP ${response.status} from ${url}. ${ASK_FOR_LOCAL_FILE}` };
  }
  if (Number(response.headers.get('content-length') ?? '0') > MAX_BYTES) return tooLarge(url);
  let body: Uint8Array;
  try {
    body = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    options.signal?.throwIfAborted();
    return { ok: false, reason: 'interrupted', message: `The download from ${url} broke off (${causeOf(error)}); nothing was saved. ${ASK_FOR_LOCAL_FILE}` };
  }
  if (body.length > MAX_BYTES) return tooLarge(url);
  const actual = createHash('sha256').update(body).digest('hex');
  if (actual !== expected) {
    return {
      ok: false,
      reason: 'checksum',
      message: `The file downloaded from ${url} is not OFA's predictor: sha256 ${actual}, expected ${expected}. Nothing was saved. ${ASK_FOR_LOCAL_FILE}`,
    };
  }
  writeAtomically(path, body);
  return { ok: true, path, downloaded: true };
}

/** Writes beside the target and renames, which replaces it in one step on the same file system. */
export function writeAtomically(path: string, data: Uint8Array): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
  try {
    writeFileSync(temporary, data, { flush: true });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function sha256OfFile(path: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}

function tooLarge(url: string): FetchOfaPredictorResult {
  return { ok: false, reason: 'too-large', message: `The file at ${url} is larger than ${MAX_BYTES / 1024 / 1024} MB; it is not OFA's predictor. ${ASK_FOR_LOCAL_FILE}` };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** fetch wraps the real reason (ENOTFOUND, ECONNREFUSED, a timeout) in `cause`. */
function causeOf(error: unknown): string {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
  return code ?? messageOf(cause);
}
