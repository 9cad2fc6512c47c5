import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import {
  reportToStderr,
  type EnqueueResult,
  type EvaluationJob,
  type EvaluationQueue,
  type JobHandler,
  type QueueOptions,
} from './evaluation-queue.js';
import { runJob } from './run-job.js';

export interface RedisQueueOptions extends QueueOptions {
  /** Namespace of every Redis key (default 'readiness-gate'); replicas of one App share it. */
  prefix?: string;
  /** A key's lock lives this long without renewal (default 30 s; renewed every third of it). */
  lockTtlMs?: number;
  /** How often keys whose wake-up was lost (a process died) are woken again (default 5 s). */
  sweepIntervalMs?: number;
  /** Connection and command errors of Redis (default: one line on stderr each). */
  onRedisError?: (error: Error) => void;
  /** How long enqueue() may wait for Redis before it fails (default 5 s). */
  commandTimeoutMs?: number;
  /** How often idle() looks at Redis (default 25 ms). */
  pollIntervalMs?: number;
}

// Why this shape: BullMQ OSS has no per-key groups, so BullMQ only carries "wake up key K"
// messages between replicas, and the per-key state lives in plain Redis keys changed by
// scripts (atomic):
//   pending:K   the newest waiting job of K (a newer enqueue overwrites it: coalescing)
//   running:K   the job being run (a run whose process died is run again by the next holder)
//   lock:K      the replica running K (SET NX PX + renewal): one job at a time per key
//   delivery:D  a delivery id seen (SET NX PX): each delivery is processed once
// A wake-up that finds K locked is dropped: the holder re-checks pending:K after releasing its
// lock (atomically), and a periodic sweep wakes keys left without a holder.

/** KEYS: delivery, pending, pending-keys. ARGV: ttl, job, key. */
const ENQUEUE = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 'duplicate' end
local previous = redis.call('GET', KEYS[2])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SADD', KEYS[3], ARGV[3])
if previous then return 'coalesced' end
return 'queued'`;

/** KEYS: lock, pending, running, pending-keys, running-keys. ARGV: token, ttl, key. */
const ACQUIRE_AND_TAKE = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {0} end
local job = redis.call('GET', KEYS[2])
if job then
  redis.call('DEL', KEYS[2])
  redis.call('SREM', KEYS[4], ARGV[3])
  redis.call('SET', KEYS[3], job)
  redis.call('SADD', KEYS[5], ARGV[3])
  return {2, job}
end
job = redis.call('GET', KEYS[3])
if job then return {2, job} end
redis.call('DEL', KEYS[1])
return {1}`;

/** KEYS: lock. ARGV: token, ttl. */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

/** KEYS: lock, running, running-keys, pending. ARGV: token, key. Returns 1 when K has more. */
const FINISH = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('DEL', KEYS[2])
  redis.call('SREM', KEYS[3], ARGV[2])
end
return redis.call('EXISTS', KEYS[4])`;

const QUEUE_NAME = 'evaluations';

/** The queue shared by App replicas through Redis (BullMQ + ioredis). */
export function createRedisQueue(url: string, options: RedisQueueOptions = {}): EvaluationQueue {
  const prefix = options.prefix ?? 'readiness-gate';
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const dedupeTtlMs = options.dedupeTtlMs ?? 24 * 60 * 60 * 1000;
  const lockTtlMs = options.lockTtlMs ?? 30_000;
  const sweepIntervalMs = options.sweepIntervalMs ?? 5_000;
  const pollIntervalMs = options.pollIntervalMs ?? 25;
  const onError = options.onError ?? reportToStderr;
  const keyOf = {
    delivery: (id: string) => `${prefix}:delivery:${id}`,
    pending: (key: string) => `${prefix}:pending:${key}`,
    running: (key: string) => `${prefix}:running:${key}`,
    lock: (key: string) => `${prefix}:lock:${key}`,
    pendingKeys: `${prefix}:pending-keys`,
    runningKeys: `${prefix}:running-keys`,
  };
  let closed = false;
  const report =
    options.onRedisError ??
    ((error: Error) =>
      process.stderr.write(`readiness-gate: queue Redis error: ${error.message}\n`));
  // Closing the connections fails the worker's pending blocking read: expected, not reported.
  const reportRedisError = (error: Error) => {
    if (!closed) report(error);
  };

  // Two connections: the webhook side fails fast when Redis is away (the webhook is answered
  // with an error and GitHub can redeliver it) instead of holding the request; the worker side
  // waits for Redis to come back (BullMQ's blocking worker requires maxRetriesPerRequest: null).
  const producer = new Redis(url, {
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 5_000,
    connectTimeout: options.commandTimeoutMs ?? 5_000,
  });
  producer.on('error', reportRedisError);
  let consumerConnection: Redis | null = null;
  const bullPrefix = `${prefix}:bull`;
  const queue = new Queue(QUEUE_NAME, {
    connection: producer,
    prefix: bullPrefix,
    defaultJobOptions: { removeOnComplete: true, removeOnFail: true },
  });
  queue.on('error', reportRedisError);
  let worker: Worker | null = null;
  let sweeper: NodeJS.Timeout | null = null;

  const wake = async (key: string) => {
    await queue.add('wake', { key });
  };

  async function runKey(redis: Redis, handler: JobHandler, key: string): Promise<void> {
    const token = randomUUID();
    const taken = (await redis.eval(
      ACQUIRE_AND_TAKE,
      5,
      keyOf.lock(key),
      keyOf.pending(key),
      keyOf.running(key),
      keyOf.pendingKeys,
      keyOf.runningKeys,
      token,
      lockTtlMs,
      key,
    )) as [number, string?];
    if (taken[0] !== 2) return;
    const job = JSON.parse(taken[1] as string) as EvaluationJob;
    const renewal = setInterval(() => {
      redis
        .eval(RENEW, 1, keyOf.lock(key), token, lockTtlMs)
        .then((renewed) => {
          // Only after the event loop stalled for a whole TTL: another replica may now run K.
          if (renewed !== 1) report(new Error(`Lost the queue lock of ${key} while running it`));
        })
        .catch(reportRedisError);
    }, lockTtlMs / 3);
    try {
      await runJob(handler, job, onError);
    } finally {
      clearInterval(renewal);
    }
    const more = await redis.eval(
      FINISH,
      4,
      keyOf.lock(key),
      keyOf.running(key),
      keyOf.runningKeys,
      keyOf.pending(key),
      token,
      key,
    );
    if (more === 1) await wake(key);
  }

  async function sweep(redis: Redis): Promise<void> {
    const keys = new Set([
      ...(await redis.smembers(keyOf.pendingKeys)),
      ...(await redis.smembers(keyOf.runningKeys)),
    ]);
    for (const key of keys) if ((await redis.exists(keyOf.lock(key))) === 0) await wake(key);
  }

  return {
    async enqueue(job) {
      if (closed) throw new Error(`Unexpected enqueue of ${job.key} after close, expected none`);
      const result = (await producer.eval(
        ENQUEUE,
        3,
        keyOf.delivery(job.deliveryId),
        keyOf.pending(job.key),
        keyOf.pendingKeys,
        dedupeTtlMs,
        JSON.stringify(job),
        job.key,
      )) as EnqueueResult;
      if (result !== 'duplicate') await wake(job.key);
      return result;
    },
    process(handler) {
      if (worker) throw new Error('Unexpected second process() call, expected one handler');
      const consumer = new Redis(url, { maxRetriesPerRequest: null });
      consumer.on('error', reportRedisError);
      consumerConnection = consumer;
      worker = new Worker(
        QUEUE_NAME,
        async (message) => runKey(consumer, handler, (message.data as { key: string }).key),
        { connection: consumer, prefix: bullPrefix, concurrency },
      );
      worker.on('error', reportRedisError);
      const sweepSafely = () => void sweep(consumer).catch(reportRedisError);
      sweepSafely();
      sweeper = setInterval(sweepSafely, sweepIntervalMs);
      sweeper.unref();
    },
    async waiting(key) {
      const job = await producer.get(keyOf.pending(key));
      return job ? (JSON.parse(job) as EvaluationJob) : null;
    },
    async depth() {
      return producer.scard(keyOf.pendingKeys);
    },
    async idle() {
      for (;;) {
        const [pending, running] = await Promise.all([
          producer.scard(keyOf.pendingKeys),
          producer.scard(keyOf.runningKeys),
        ]);
        if (pending === 0 && running === 0) return;
        await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
      }
    },
    async close() {
      closed = true;
      if (sweeper) clearInterval(sweeper);
      // Waiting jobs stay in Redis for the other replicas (or this one after a restart).
      await worker?.close();
      await queue.close().catch(reportRedisError);
      for (const connection of [consumerConnection, producer])
        if (connection?.status === 'ready') await connection.quit();
        else connection?.disconnect();
    },
  };
}
