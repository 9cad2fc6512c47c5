// One "App process" for the Redis queue test: takes orders from the test over IPC, enqueues
// into the shared Redis queue and records what its handler runs (in Redis, so the test sees
// both processes).
import { Redis } from 'ioredis';
import { createRedisQueue } from '../../src/github/queue/create-redis-queue.js';
import type { EvaluationJob } from '../../src/github/queue/evaluation-queue.js';

type Order = { type: 'enqueue'; jobs: EvaluationJob[] } | { type: 'idle' } | { type: 'close' };

const url = process.env.REDIS_URL as string;
const prefix = process.env.QUEUE_PREFIX as string;
const name = process.env.WORKER_NAME as string;
const send = (message: object) => process.send?.(message);

const recorder = new Redis(url);
const queue = createRedisQueue(url, {
  prefix,
  concurrency: 4,
  sweepIntervalMs: 500,
  lockTtlMs: Number(process.env.LOCK_TTL_MS ?? 30_000),
  pollIntervalMs: 20,
  onError: (error) => void recorder.rpush(`${prefix}:test:errors`, (error as Error).message),
});

queue.process(async (job) => {
  const active = await recorder.incr(`${prefix}:test:active:${job.key}`);
  if (active !== 1) await recorder.rpush(`${prefix}:test:violations`, job.key);
  await recorder.rpush(
    `${prefix}:test:processed`,
    JSON.stringify({ key: job.key, sha: job.sha, deliveryId: job.deliveryId, worker: name }),
  );
  // The first replica to run a `hangOnce` job hangs forever: the test kills it there.
  if (job.data.hangOnce && (await recorder.set(`${prefix}:test:hung-by`, name, 'NX')) === 'OK')
    await new Promise(() => {});
  // Some work, so that jobs of one key meet while it runs.
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
  await recorder.decr(`${prefix}:test:active:${job.key}`);
  if (job.data.fail) throw new Error(`planned failure ${job.deliveryId}`);
});

process.on('message', (order: Order) => {
  void (async () => {
    if (order.type === 'enqueue') {
      const results = [];
      for (const job of order.jobs) results.push(await queue.enqueue(job));
      send({ type: 'enqueued', results });
    } else if (order.type === 'idle') {
      await queue.idle();
      send({ type: 'idle' });
    } else {
      await queue.close();
      await recorder.quit();
      process.disconnect();
    }
  })().catch((error: Error) => send({ type: 'error', message: error.stack ?? error.message }));
});

send({ type: 'ready' });
