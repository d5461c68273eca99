import { GenerateRequest, TrainRequest } from '../../shared/engineProtocol';
import { lutBuildJob } from './lutJob';
import { frontierDataJob } from './frontierDataJob';
import { JobHooks } from './jobHooks';
import { trainJob } from './trainJob';
import { generateJob } from './generateJob';

/** The jobs as the worker runs them. */
export const pipelineJobs = {
  train: (request: TrainRequest, hooks: JobHooks) => trainJob(request, hooks),
  generate: (request: GenerateRequest, hooks: JobHooks) => generateJob(request, hooks),
  lutBuild: lutBuildJob,
  frontierData: frontierDataJob,
};
