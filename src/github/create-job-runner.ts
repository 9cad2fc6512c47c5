import type { Octokit } from '@octokit/rest';
import type { Context, Probot } from 'probot';
import type { Rule } from '../core/rules/rule-types.js';
import type { AppIdentity } from './app-identity.js';
import type { IssueComment } from './comments.js';
import type { RunSweeper } from './create-run-sweeper.js';
import type { SharedHeads } from './create-shared-heads.js';
import { evaluateMergeGroup, evaluatePullRequest } from './evaluate-pull-request.js';
import { handleCommands } from './handle-commands.js';
import { toPullRequestKey, type JobData } from './job-data.js';
import { recordEvaluation, setQueueDepth } from './metrics.js';
import type { EvaluationJob, EvaluationQueue, JobHandler } from './queue/index.js';

export interface JobRunnerOptions {
  queue: EvaluationQueue;
  log: Probot['log'];
  builtin: Rule[];
  clientFor: (installationId: number) => Promise<Octokit>;
  whoAmI: () => Promise<AppIdentity>;
  requiredFor: (
    octokit: Octokit,
    owner: string,
    repo: string,
  ) => (branch: string) => Promise<boolean | null>;
  sweeper: RunSweeper;
  sharedHeads: SharedHeads;
  slowMs?: number;
}

export interface JobRunner {
  /** Puts a webhook's job on the queue; an unavailable queue is a 503 for GitHub to redeliver. */
  enqueue(
    context: Context,
    job: Omit<EvaluationJob, 'deliveryId' | 'installationId'>,
  ): Promise<void>;
  /** Runs one job from the queue; it logs its own failures. */
  handle: JobHandler;
}

/**
 * Enqueueing and running evaluation jobs. They share one sequence: a newer head SHA enqueued
 * for a key after an evaluation started supersedes it.
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { queue, log, builtin, sweeper } = options;
  const slow = options.slowMs !== undefined ? { slowMs: options.slowMs } : {};
  let sequence = 0;
  const latest = new Map<string, { sha: string; seq: number }>();
  // The first evaluation of a PR in this process also concludes runs an earlier process left.
  const seenKeys = new Set<string>();

  const enqueue: JobRunner['enqueue'] = async (context, job) => {
    const installationId = (context.payload as { installation?: { id: number } }).installation?.id;
    if (!installationId) return;
    const result = await queue
      .enqueue({ ...job, deliveryId: context.id, installationId })
      .catch((error: unknown) => {
        throw Object.assign(new Error('the evaluation queue is unavailable', { cause: error }), {
          status: 503,
        });
      });
    // A redelivered older push is no newer head: it must not discard the running evaluation.
    if (job.sha && result !== 'duplicate') {
      latest.set(job.key, { sha: job.sha, seq: ++sequence });
      if (latest.size > 50_000) latest.delete(latest.keys().next().value as string);
    }
    log.debug({ delivery: context.id, key: job.key, result }, 'evaluation enqueued');
    void queue.depth().then(setQueueDepth, () => undefined);
  };

  const evaluate = async (job: EvaluationJob, octokit: Octokit, who: AppIdentity) => {
    const concludeStale = !seenKeys.has(job.key);
    seenKeys.add(job.key);
    if (seenKeys.size > 50_000) seenKeys.delete(seenKeys.values().next().value as string);
    const data = job.data as unknown as Extract<JobData, { kind: 'pull_request' }>;
    const startedAt = sequence;
    const began = Date.now();
    const result = await evaluatePullRequest(
      octokit,
      { owner: data.owner, repo: data.repo, number: data.number },
      {
        builtin,
        identity: who,
        log: log.child({ delivery: job.deliveryId, key: job.key }),
        ...(data.pull ? { pull: data.pull } : {}),
        // A newer head seen by this process, or waiting in a shared queue for this key.
        isSuperseded: async (sha) => {
          const seen = latest.get(job.key);
          if (seen !== undefined && seen.seq > startedAt && seen.sha !== sha) return true;
          const next = await queue.waiting(job.key).catch(() => null);
          return next !== null && next.sha !== null && next.sha !== sha;
        },
        required: options.requiredFor(octokit, data.owner, data.repo),
        sweeper,
        sharedHeads: options.sharedHeads,
        concludeStale,
        ...slow,
      },
    );
    if (result.conclusion)
      recordEvaluation('pull_request', result.conclusion, (Date.now() - began) / 1000);
  };

  const handle: JobHandler = async (job) => {
    const jobLog = log.child({ delivery: job.deliveryId, key: job.key });
    try {
      const [octokit, who] = await Promise.all([
        options.clientFor(job.installationId),
        options.whoAmI(),
      ]);
      if (sweeper.size() > 0) void sweeper.sweep();
      const data = job.data as unknown as JobData;
      switch (data.kind) {
        case 'pull_request':
          await evaluate(job, octokit, who);
          break;
        case 'merge_group': {
          const began = Date.now();
          const result = await evaluateMergeGroup(
            octokit,
            { owner: data.owner, repo: data.repo },
            data.group,
            { builtin, identity: who, log: jobLog, sweeper, ...slow },
          );
          if (result.conclusion)
            recordEvaluation('merge_group', result.conclusion, (Date.now() - began) / 1000);
          break;
        }
        case 'command': {
          const ref = { owner: data.owner, repo: data.repo, number: data.number };
          const result = await handleCommands(octokit, ref, data.comment as IssueComment, {
            builtin,
            log: jobLog,
          });
          if (result.evaluate)
            await queue.enqueue({
              key: toPullRequestKey(ref.owner, ref.repo, ref.number),
              deliveryId: `${job.deliveryId}:evaluate`,
              sha: null,
              installationId: job.installationId,
              data: { kind: 'pull_request', ...ref },
            });
          break;
        }
        case 'push': {
          const pulls = await octokit.paginate(octokit.rest.pulls.list, {
            owner: data.owner,
            repo: data.repo,
            state: 'open',
            base: data.branch,
            per_page: 100,
          });
          for (const pull of pulls)
            await queue.enqueue({
              key: toPullRequestKey(data.owner, data.repo, pull.number),
              deliveryId: `${job.deliveryId}:${pull.number}`,
              sha: null,
              installationId: job.installationId,
              data: {
                kind: 'pull_request',
                owner: data.owner,
                repo: data.repo,
                number: pull.number,
              },
            });
          break;
        }
      }
    } catch (error) {
      jobLog.error({ err: (error as Error).message }, 'evaluation failed');
    } finally {
      void queue.depth().then(setQueueDepth, () => undefined);
    }
  };

  return { enqueue, handle };
}
