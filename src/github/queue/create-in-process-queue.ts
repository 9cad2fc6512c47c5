import {
  reportToStderr,
  type EnqueueResult,
  type EvaluationJob,
  type EvaluationQueue,
  type JobHandler,
  type QueueOptions,
} from './evaluation-queue.js';
import { runJob } from './run-job.js';

/** Bound on remembered delivery ids, so a flood of events cannot grow memory without limit. */
const MAX_REMEMBERED_DELIVERIES = 100_000;

interface KeyState {
  running: boolean;
  pending: EvaluationJob | null;
}

/**
 * The single-process queue: per key at most one running job and one waiting job (the newest),
 * keys served in the order they became ready.
 */
export function createInProcessQueue(options: QueueOptions = {}): EvaluationQueue {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const dedupeTtlMs = options.dedupeTtlMs ?? 60 * 60 * 1000;
  const onError = options.onError ?? reportToStderr;
  // Insertion order is expiry order (one TTL for all), so pruning reads from the front.
  const seen = new Map<string, number>();
  const keys = new Map<string, KeyState>();
  const ready: string[] = [];
  let active = 0;
  let waiting = 0;
  let handler: JobHandler | null = null;
  let closed = false;
  let idleWaiters: Array<() => void> = [];

  function remember(deliveryId: string): boolean {
    const now = Date.now();
    for (const [id, expires] of seen) {
      if (expires > now && seen.size < MAX_REMEMBERED_DELIVERIES) break;
      seen.delete(id);
    }
    if (seen.has(deliveryId)) return false;
    seen.set(deliveryId, now + dedupeTtlMs);
    return true;
  }

  function settleIdle(): void {
    if (active > 0 || waiting > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function pump(): void {
    while (handler && !closed && active < concurrency && ready.length > 0) {
      const key = ready.shift() as string;
      const state = keys.get(key);
      if (!state?.pending || state.running) continue;
      const job = state.pending;
      state.pending = null;
      state.running = true;
      waiting--;
      active++;
      void run(handler, key, state, job);
    }
    settleIdle();
  }

  async function run(
    work: JobHandler,
    key: string,
    state: KeyState,
    job: EvaluationJob,
  ): Promise<void> {
    await runJob(work, job, onError);
    state.running = false;
    active--;
    if (state.pending) ready.push(key);
    else keys.delete(key);
    pump();
  }

  return {
    async enqueue(job) {
      if (closed) throw new Error(`Unexpected enqueue of ${job.key} after close, expected none`);
      if (!remember(job.deliveryId)) return 'duplicate';
      let state = keys.get(job.key);
      if (!state) keys.set(job.key, (state = { running: false, pending: null }));
      let result: EnqueueResult = 'queued';
      if (state.pending) result = 'coalesced';
      else {
        waiting++;
        if (!state.running) ready.push(job.key);
      }
      state.pending = job;
      // Start work on a later turn: the caller (a webhook) is answered first.
      queueMicrotask(pump);
      return result;
    },
    process(work) {
      if (handler) throw new Error('Unexpected second process() call, expected one handler');
      handler = work;
      queueMicrotask(pump);
    },
    async waiting(key) {
      return keys.get(key)?.pending ?? null;
    },
    async depth() {
      return waiting;
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
    async close() {
      closed = true;
      // Waiting jobs are dropped: GitHub's redelivery or the next event re-evaluates them.
      for (const state of keys.values()) state.pending = null;
      waiting = 0;
      ready.length = 0;
      await new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
  };
}
