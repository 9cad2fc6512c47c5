/** One evaluation to run: keyed by pull request (`owner/repo#N`) or merge group. */
export interface EvaluationJob {
  key: string;
  deliveryId: string;
  sha: string | null;
  installationId: number;
  data: Record<string, unknown>;
}

export interface EvaluationQueue {
  enqueue(job: EvaluationJob): Promise<'queued' | 'coalesced' | 'duplicate'>;
  process(handler: (job: EvaluationJob) => Promise<void>): void;
  depth(): Promise<number>;
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * An in-process queue: one job at a time per key, a queued job replaced by a newer one for the
 * same key (coalesced), a delivery id processed once. Keys run in parallel up to `concurrency`.
 */
export function createInlineQueue(
  options: { concurrency?: number; seen?: number } = {},
): EvaluationQueue {
  const concurrency = options.concurrency ?? 64;
  const seenLimit = options.seen ?? 10_000;
  const waiting = new Map<string, EvaluationJob>();
  const running = new Set<string>();
  const seen = new Set<string>();
  let handler: ((job: EvaluationJob) => Promise<void>) | null = null;
  let idleWaiters: Array<() => void> = [];
  let closed = false;

  const settleIdle = () => {
    if (waiting.size === 0 && running.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };
  const pump = () => {
    if (!handler || closed) return;
    for (const [key, job] of waiting) {
      if (running.size >= concurrency) break;
      if (running.has(key)) continue;
      waiting.delete(key);
      running.add(key);
      const run = handler;
      void (async () => {
        try {
          await run(job);
        } catch {
          // The handler logs its own failures; the queue keeps going.
        } finally {
          running.delete(key);
          pump();
          settleIdle();
        }
      })();
    }
  };
  return {
    async enqueue(job) {
      if (seen.has(job.deliveryId)) return 'duplicate';
      seen.add(job.deliveryId);
      if (seen.size > seenLimit) seen.delete(seen.values().next().value as string);
      const coalesced = waiting.has(job.key);
      waiting.set(job.key, job);
      queueMicrotask(pump);
      return coalesced ? 'coalesced' : 'queued';
    },
    process(next) {
      handler = next;
      pump();
    },
    depth: async () => waiting.size + running.size,
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        queueMicrotask(settleIdle);
      }),
    async close() {
      closed = true;
      waiting.clear();
      settleIdle();
    },
  };
}
