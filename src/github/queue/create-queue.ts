import { createInProcessQueue } from './create-in-process-queue.js';
import { createRedisQueue } from './create-redis-queue.js';
import type { EvaluationQueue, QueueOptions } from './evaluation-queue.js';

/** Redis when REDIS_URL is set (replicas share the work), else a queue in this process. */
export function createQueue(
  env: Record<string, string | undefined>,
  options: QueueOptions = {},
): EvaluationQueue {
  const concurrency = env.QUEUE_CONCURRENCY ? Number(env.QUEUE_CONCURRENCY) : undefined;
  const merged: QueueOptions = {
    ...options,
    ...(concurrency && Number.isInteger(concurrency) && concurrency > 0 ? { concurrency } : {}),
  };
  return env.REDIS_URL ? createRedisQueue(env.REDIS_URL, merged) : createInProcessQueue(merged);
}
