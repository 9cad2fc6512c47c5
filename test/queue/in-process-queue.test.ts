import {
  createInProcessQueue,
  type EvaluationJob,
  type EvaluationQueue,
} from '../../src/github/queue/index.js';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

function defer(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

let delivery = 0;
const job = (key: string, sha: string | null, deliveryId = `d-${++delivery}`): EvaluationJob => ({
  key,
  deliveryId,
  sha,
  installationId: 1,
  data: { sha },
});

/**
 * A handler whose every run blocks until the test releases it, and that tells the test when a
 * run has started: ordering is asserted without timers.
 */
function controlledHandler() {
  const started: EvaluationJob[] = [];
  const finished: EvaluationJob[] = [];
  const gates = new Map<string, Deferred>();
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const gateOf = (j: EvaluationJob) => {
    let gate = gates.get(j.deliveryId);
    if (!gate) gates.set(j.deliveryId, (gate = defer()));
    return gate;
  };
  const handler = async (j: EvaluationJob) => {
    started.push(j);
    for (const waiter of waiters.filter((w) => started.length >= w.count)) waiter.resolve();
    await gateOf(j).promise;
    finished.push(j);
  };
  return {
    handler,
    started,
    finished,
    release: (j: EvaluationJob) => gateOf(j).resolve(),
    fail: (j: EvaluationJob, error: Error) => gateOf(j).reject(error),
    startedCount: (count: number) =>
      new Promise<void>((resolve) => {
        if (started.length >= count) resolve();
        else waiters.push({ count, resolve });
      }),
  };
}

describe('the in-process evaluation queue', () => {
  let queue: EvaluationQueue;
  afterEach(async () => queue.close());

  it('runs one job at a time per key and coalesces waiting jobs to the newest', async () => {
    queue = createInProcessQueue({ concurrency: 4 });
    const control = controlledHandler();
    queue.process(control.handler);
    const first = job('o/r#1', 'sha1');
    const second = job('o/r#1', 'sha2');
    const third = job('o/r#1', 'sha3');

    expect(await queue.enqueue(first)).toBe('queued');
    await control.startedCount(1);
    // The key is busy: the next job waits, a newer one replaces it.
    expect(await queue.enqueue(second)).toBe('queued');
    expect(await queue.enqueue(third)).toBe('coalesced');
    expect(await queue.depth()).toBe(1);
    expect(control.started.map((j) => j.sha)).toEqual(['sha1']);
    // The running evaluation can see it is superseded.
    expect((await queue.waiting('o/r#1'))?.sha).toBe('sha3');
    expect(await queue.waiting('o/r#2')).toBeNull();

    control.release(first);
    await control.startedCount(2);
    expect(control.started.map((j) => j.sha)).toEqual(['sha1', 'sha3']);
    expect(control.finished.map((j) => j.sha)).toEqual(['sha1']);
    expect(await queue.depth()).toBe(0);
    expect(await queue.waiting('o/r#1')).toBeNull();

    control.release(third);
    await queue.idle();
    expect(control.finished.map((j) => j.sha)).toEqual(['sha1', 'sha3']);
  });

  it('coalesces jobs queued before processing starts', async () => {
    queue = createInProcessQueue();
    const results = [
      await queue.enqueue(job('o/r#1', 'a')),
      await queue.enqueue(job('o/r#1', 'b')),
      await queue.enqueue(job('o/r#2', 'c')),
    ];
    expect(results).toEqual(['queued', 'coalesced', 'queued']);
    expect(await queue.depth()).toBe(2);
    const seen: Array<string | null> = [];
    queue.process(async (j) => {
      seen.push(j.sha);
    });
    await queue.idle();
    expect(seen).toEqual(['b', 'c']);
  });

  it('processes a delivery id once', async () => {
    queue = createInProcessQueue();
    const seen: string[] = [];
    queue.process(async (j) => {
      seen.push(j.deliveryId);
    });
    expect(await queue.enqueue(job('o/r#1', 'a', 'same'))).toBe('queued');
    await queue.idle();
    // Also after the first one finished, and for another key.
    expect(await queue.enqueue(job('o/r#1', 'a', 'same'))).toBe('duplicate');
    expect(await queue.enqueue(job('o/r#9', 'b', 'same'))).toBe('duplicate');
    await queue.idle();
    expect(seen).toEqual(['same']);
  });

  it('forgets a delivery id once its time to live is over', async () => {
    queue = createInProcessQueue({ dedupeTtlMs: 0 });
    queue.process(async () => {});
    expect(await queue.enqueue(job('o/r#1', 'a', 'again'))).toBe('queued');
    expect(await queue.enqueue(job('o/r#1', 'a', 'again'))).not.toBe('duplicate');
  });

  it('runs different keys at once, up to the concurrency', async () => {
    queue = createInProcessQueue({ concurrency: 2 });
    const control = controlledHandler();
    queue.process(control.handler);
    const jobs = [job('o/r#1', 'a'), job('o/r#2', 'b'), job('o/r#3', 'c')];
    for (const j of jobs) expect(await queue.enqueue(j)).toBe('queued');

    await control.startedCount(2);
    expect(control.started.map((j) => j.key)).toEqual(['o/r#1', 'o/r#2']);
    expect(await queue.depth()).toBe(1);

    control.release(jobs[1] as EvaluationJob);
    await control.startedCount(3);
    expect(control.started.map((j) => j.key)).toEqual(['o/r#1', 'o/r#2', 'o/r#3']);
    expect(control.finished.map((j) => j.key)).toEqual(['o/r#2']);

    control.release(jobs[0] as EvaluationJob);
    control.release(jobs[2] as EvaluationJob);
    await queue.idle();
    expect(control.finished).toHaveLength(3);
  });

  it('goes on after a handler error and reports it', async () => {
    const errors: Array<[string, string]> = [];
    queue = createInProcessQueue({
      concurrency: 1,
      onError: (error, j) => errors.push([j.key, (error as Error).message]),
    });
    const control = controlledHandler();
    queue.process(control.handler);
    const failing = job('o/r#1', 'a');
    const next = job('o/r#1', 'b');
    const other = job('o/r#2', 'c');
    await queue.enqueue(failing);
    await queue.enqueue(next);
    await queue.enqueue(other);
    await control.startedCount(1);
    control.fail(failing, new Error('GitHub said no'));
    control.release(next);
    control.release(other);
    await queue.idle();
    expect(errors).toEqual([['o/r#1', 'GitHub said no']]);
    expect(control.finished.map((j) => j.sha).sort()).toEqual(['b', 'c']);
  });

  it('close waits for the running job and refuses new ones', async () => {
    queue = createInProcessQueue();
    const control = controlledHandler();
    queue.process(control.handler);
    const running = job('o/r#1', 'a');
    await queue.enqueue(running);
    await control.startedCount(1);
    let closed = false;
    const closing = queue.close().then(() => (closed = true));
    await Promise.resolve();
    expect(closed).toBe(false);
    control.release(running);
    await closing;
    expect(control.finished).toHaveLength(1);
    await expect(queue.enqueue(job('o/r#2', 'b'))).rejects.toThrow(/after close/);
  });
});
