// Placeholder entry of the engine worker bundle (dist/worker.js) so the build has every entry point.
// The engine worker, which will own TensorFlow.js off the host thread, replaces this file.
import { parentPort } from 'node:worker_threads';

parentPort?.postMessage({ type: 'ready' });
