// The engine worker's protocol in one import: the job types (engineJobs.ts) and their checks (engineGuards.ts).
export * from './engineJobs';
export * from './engineGuards';
