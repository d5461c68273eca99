// The checkpoint file's format tag, apart from checkpoint.ts so that readers of its metadata (the extension
// host among them) do not load TensorFlow.js with the model code.
export const CHECKPOINT_FORMAT = 'pnag-checkpoint';
