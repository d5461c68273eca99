import type { JobHandlers } from '../../shared/engineProtocol';
import { lutBuildJob } from './lutJob';
import { frontierDataJob } from './frontierDataJob';
import { trainJob } from './trainJob';
import { generateJob } from './generateJob';
import { predictJob } from './predictJob';
import { importJob } from './importJob';

/** The jobs as the worker runs them: one handler per job of the map (src/shared/engineJobs.ts). */
export const pipelineJobs = {
  train: (request, hooks) => trainJob(request, hooks),
  generate: (request, hooks) => generateJob(request, hooks),
  lutBuild: lutBuildJob,
  frontierData: frontierDataJob,
  predict: predictJob,
  import: importJob,
} satisfies JobHandlers;
