import { randomUUID } from 'node:crypto';
import type { Octokit } from '@octokit/rest';
import { CHECKS } from '../checks/index.js';
import type { PrRef } from '../core/config/parse-pr-ref.js';
import type { GateOutcome, GateSource } from '../core/gate/gate-snapshot.js';
import { runGate } from '../core/gate/run-gate.js';
import type { Rule } from '../core/rules/rule-types.js';
import type { Logger } from '../logger.js';
import type { AppIdentity } from './app-identity.js';
import { createCheckRunSink, type PublishResult } from './create-check-run-sink.js';
import { createMergeGroupSource, type MergeGroup } from './create-merge-group-source.js';
import { createPullRequestSource } from './create-pull-request-source.js';
import { decideSnapshotOptIn } from './decide-snapshot-opt-in.js';
import { publishUnconfigured } from './publish-unconfigured.js';
import type { PullRequestData } from './read-pull-request.js';
import type { RunSweeper } from './create-run-sweeper.js';
import type { SharedHeads } from './create-shared-heads.js';

/** An evaluation slower than this shows an `in_progress` run first. */
export const SLOW_EVALUATION_MS = 2000;

export interface EvaluateOptions {
  builtin: Rule[];
  log: Logger;
  identity: AppIdentity;
  /** The pull request payload when the event carried it (saves a request). */
  pull?: PullRequestData;
  /** Whether a newer head SHA than `sha` was seen for this pull request. */
  isSuperseded?: (sha: string) => boolean | Promise<boolean>;
  required?: (branch: string) => Promise<boolean | null>;
  sweeper?: RunSweeper;
  sharedHeads?: SharedHeads;
  slowMs?: number;
  /** Also conclude this App's abandoned `in_progress` runs on the head SHA (first sight of a PR). */
  concludeStale?: boolean;
}

/** Judged and published, or (a repository that has not opted in) skipped or neutral. */
export type EvaluationResult =
  | (PublishResult & { optIn: 'evaluate'; outcome: GateOutcome })
  | { optIn: 'skip' | 'neutral'; conclusion: 'skipped' | 'neutral'; checkRunId: number | null };

/** Reads a snapshot, showing an `in_progress` run only if reading takes long. */
async function readWithProgress(source: GateSource, start: () => Promise<unknown>, slowMs: number) {
  const timer = setTimeout(() => void start(), slowMs);
  try {
    return await source.read();
  } finally {
    clearTimeout(timer);
  }
}

type Started = Promise<number | null> | null;

/**
 * The pipeline both evaluations share: read (an `in_progress` run only when the read is slow),
 * decide the opt-in, then either publish the unconfigured run or judge and publish.
 */
async function runEvaluation(input: {
  octokit: Octokit;
  repo: { owner: string; repo: string };
  headSha: string;
  source: GateSource;
  sink: ReturnType<typeof createCheckRunSink>;
  slowMs: number;
  /** Called with the snapshot before anything is published. */
  afterRead?: () => void;
}): Promise<
  | { optIn: 'skip' | 'neutral'; checkRunId: number | null }
  | { optIn: 'evaluate'; result: PublishResult; outcome: GateOutcome; unreadable: number }
> {
  const { sink } = input;
  let started: Started = null;
  const start = () => (started ??= sink.start());
  let outcome, unreadable;
  try {
    const snapshot = await readWithProgress(input.source, start, input.slowMs);
    input.afterRead?.();
    const optIn = decideSnapshotOptIn(snapshot);
    if (optIn !== 'evaluate') {
      const checkRunId = await publishUnconfigured(input.octokit, {
        repo: input.repo,
        headSha: input.headSha,
        decision: optIn,
        started,
      });
      return { optIn, checkRunId };
    }
    unreadable = snapshot.unreadable.length;
    outcome = await runGate(snapshot, CHECKS);
  } catch (error) {
    await sink.abandon();
    throw error;
  }
  return { optIn: 'evaluate', result: await sink.publish(outcome), outcome, unreadable };
}

/** The gate on one pull request: `source.read() → await runGate() → sink.publish()`. */
export async function evaluatePullRequest(
  octokit: Octokit,
  ref: PrRef,
  options: EvaluateOptions,
): Promise<EvaluationResult> {
  const source = createPullRequestSource(octokit, ref, {
    builtin: options.builtin,
    identity: options.identity,
    ...(options.pull ? { pull: options.pull } : {}),
    ...(options.required ? { required: options.required } : {}),
  });
  const pull = await source.pull();
  const headSha = pull.head.sha;
  const log = options.log;
  // The sink exists before the read (a slow read starts the run); the PR's state comes after.
  const read: { pr?: Parameters<typeof createCheckRunSink>[1]['pr'] } = {};
  const sink = createCheckRunSink(octokit, {
    repo: { owner: ref.owner, repo: ref.repo },
    headSha,
    evaluationId: randomUUID(),
    identity: options.identity,
    log,
    get pr() {
      return read.pr;
    },
    isSuperseded: () => options.isSuperseded?.(headSha) ?? false,
    ...(options.sweeper ? { sweeper: options.sweeper } : {}),
    ...(options.sharedHeads ? { sharedHeads: options.sharedHeads } : {}),
  });
  const stale = options.concludeStale
    ? sink.concludeStale().catch((error: unknown) => {
        log.warn({ err: (error as Error).message }, 'abandoned runs not concluded');
        return 0;
      })
    : Promise.resolve(0);
  const repo = { owner: ref.owner, repo: ref.repo };
  const run = await runEvaluation({
    octokit,
    repo,
    headSha,
    source,
    sink,
    slowMs: options.slowMs ?? SLOW_EVALUATION_MS,
    afterRead: () => {
      if (source.state) read.pr = { number: ref.number, state: source.state };
    },
  });
  await stale;
  if (run.optIn !== 'evaluate') {
    log.info({ ...ref, sha: headSha, optIn: run.optIn }, 'repository has not opted in');
    return {
      optIn: run.optIn,
      conclusion: run.optIn === 'neutral' ? 'neutral' : 'skipped',
      checkRunId: run.checkRunId,
    };
  }
  const { result, outcome } = run;
  log.info(
    {
      owner: ref.owner,
      repo: ref.repo,
      pull: ref.number,
      sha: headSha,
      conclusion: result.conclusion,
      unreadable: run.unreadable,
      commented: result.commented,
    },
    'readiness gate evaluated',
  );
  return { ...result, optIn: 'evaluate', outcome };
}

/** The gate on a merge queue's merge commit, so the queue never stalls waiting for it. */
export async function evaluateMergeGroup(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  group: MergeGroup,
  options: Omit<EvaluateOptions, 'pull' | 'isSuperseded' | 'required' | 'sharedHeads'>,
): Promise<EvaluationResult> {
  const source = createMergeGroupSource(octokit, repo, group, {
    builtin: options.builtin,
    identity: options.identity,
  });
  const sink = createCheckRunSink(octokit, {
    repo,
    headSha: group.head_sha,
    evaluationId: randomUUID(),
    identity: options.identity,
    log: options.log,
    ...(options.sweeper ? { sweeper: options.sweeper } : {}),
  });
  const run = await runEvaluation({
    octokit,
    repo,
    headSha: group.head_sha,
    source,
    sink,
    slowMs: options.slowMs ?? SLOW_EVALUATION_MS,
  });
  if (run.optIn !== 'evaluate') {
    options.log.info(
      { ...repo, sha: group.head_sha, optIn: run.optIn },
      'repository has not opted in',
    );
    return {
      optIn: run.optIn,
      conclusion: run.optIn === 'neutral' ? 'neutral' : 'skipped',
      checkRunId: run.checkRunId,
    };
  }
  const { result, outcome } = run;
  options.log.info(
    { ...repo, sha: group.head_sha, conclusion: result.conclusion },
    'merge group evaluated',
  );
  return { ...result, optIn: 'evaluate', outcome };
}
