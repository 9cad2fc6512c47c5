export type {
  EnqueueResult,
  EvaluationJob,
  EvaluationQueue,
  JobHandler,
  QueueOptions,
} from './evaluation-queue.js';
export { createInProcessQueue } from './create-in-process-queue.js';
export { createRedisQueue, type RedisQueueOptions } from './create-redis-queue.js';
export { createQueue } from './create-queue.js';
