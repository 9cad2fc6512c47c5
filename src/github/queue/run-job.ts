import type { EvaluationJob, JobHandler, QueueOptions } from './evaluation-queue.js';

/** Runs one job; never rejects, so a failing job (or error reporter) cannot stop a queue. */
export async function runJob(
  handler: JobHandler,
  job: EvaluationJob,
  onError: NonNullable<QueueOptions['onError']>,
): Promise<void> {
  try {
    await handler(job);
  } catch (error) {
    try {
      onError(error, job);
    } catch {
      // A failing error reporter must not stop the queue either.
    }
  }
}
