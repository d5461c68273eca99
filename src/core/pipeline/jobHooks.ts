import { JobProgress } from '../../shared/engineProtocol';

export interface JobHooks {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: JobProgress) => void;
  readonly onNote?: (text: string) => void;
}
