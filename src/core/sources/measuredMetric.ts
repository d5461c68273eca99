/** Metric a measured accuracy is stored under in an archive (predictions get `top1@<source>`). */
export const MEASURED_TOP1 = 'top1';
