export { enqueue, enqueueMany, enqueueStatement, JOBS_CHANNEL, type EnqueueOptions, type Enqueued } from './enqueue.js';
export {
  JobRunner,
  type Job,
  type JobHandler,
  type JobOutcome,
  type JobRunnerOptions,
  type ClaimedJob,
} from './runner.js';
export { jobs, JOB_STATUSES, type JobStatus } from './schema.js';
