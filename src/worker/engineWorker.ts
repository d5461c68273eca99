// Entry of the engine worker bundle (dist/worker.js): TensorFlow.js training and generation off the
// host's thread, spoken to through src/shared/engineProtocol.ts.
import { parentPort } from 'node:worker_threads';
import { pipelineJobs } from '../core/pipeline/jobs';
import { serveEngine } from './engineServer';

if (!parentPort) throw new Error('engineWorker.ts runs as a worker thread; use EngineClient to start it');
serveEngine(parentPort, pipelineJobs);
