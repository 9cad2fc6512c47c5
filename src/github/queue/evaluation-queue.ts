/** One evaluation to run: the newest one per key wins, each webhook delivery runs at most once. */
export interface EvaluationJob {
  /** 'owner/repo#123' (pull request) or 'owner/repo@merge-group:<head_sha>'. */
  key: string;
  /** The webhook delivery id: the same delivery is processed once. */
  deliveryId: string;
  /** Head SHA when known. */
  sha: string | null;
  installationId: number;
  /** Plain JSON the handler needs (it crosses Redis as JSON). */
  data: Record<string, unknown>;
}

export type EnqueueResult = 'queued' | 'coalesced' | 'duplicate';

export type JobHandler = (job: EvaluationJob) => Promise<void>;

export interface EvaluationQueue {
  /**
   * Returns without waiting for any work: 'queued', 'coalesced' (replaced a job of the same key
   * that was waiting) or 'duplicate' (this delivery id was already seen).
   */
  enqueue(job: EvaluationJob): Promise<EnqueueResult>;
  /** Starts processing: one job at a time per key, up to `concurrency` keys at once. */
  process(handler: JobHandler): void;
  /**
   * The job waiting behind the running one of a key, if any: a handler about to publish can
   * see that its evaluation is superseded and leave publishing to the newer one.
   */
  waiting(key: string): Promise<EvaluationJob | null>;
  /** Jobs waiting (not running), for metrics. */
  depth(): Promise<number>;
  /** Resolves when nothing is queued or running (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops taking jobs and waits for the running ones. */
  close(): Promise<void>;
}

export interface QueueOptions {
  /** Keys processed at once (default 4). */
  concurrency?: number;
  /** How long a delivery id is remembered (default one hour in process, a day in Redis). */
  dedupeTtlMs?: number;
  /**
   * Called when a handler throws; the queue goes on with the next job. Handlers are expected to
   * log their own failures, so this is a last resort (default: one line on stderr).
   */
  onError?: (error: unknown, job: EvaluationJob) => void;
}

export function reportToStderr(error: unknown, job: EvaluationJob): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `readiness-gate: evaluation ${job.key} (delivery ${job.deliveryId}) failed: ${message}\n`,
  );
}
