import type { Octokit } from '@octokit/rest';
import { CHECK_NAME } from '../core/gate/constants.js';
import type { GateOutcome, GateSink } from '../core/gate/gate-snapshot.js';
import {
  ANNOTATIONS_PER_REQUEST,
  renderCheckOutput,
  truncate,
  type CheckOutput,
} from '../core/render/render-check-output.js';
import { renderStickyComment } from '../core/render/render-sticky-comment.js';
import type { Logger } from '../logger.js';
import type { AppIdentity } from './app-identity.js';
import { upsertStickyComment } from './comments.js';
import { concludeUnfinishedRun, RECHECK_ACTIONS } from './conclude-unfinished-run.js';
import { isAmbiguous } from './is-ambiguous.js';
import type { PullRequestState } from './create-pull-request-source.js';
import type { RunSweeper } from './create-run-sweeper.js';
import type { SharedHeads } from './create-shared-heads.js';
import { waiverAckBody } from './waiver-claims.js';

export interface PublishResult {
  status: 'published' | 'superseded';
  conclusion: 'success' | 'failure' | null;
  checkRunId: number | null;
  commented: 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed';
  acknowledged: number;
}

export interface CheckRunSinkOptions {
  repo: { owner: string; repo: string };
  headSha: string;
  /** Unique per evaluation: the run's `external_id`, to find it again after a lost response. */
  evaluationId: string;
  identity: AppIdentity;
  log: Logger;
  /** The pull request's state from its source; absent for merge groups. */
  pr?: { number: number; state: PullRequestState };
  /** True when a newer head SHA was seen for this key: the outcome is then discarded. */
  isSuperseded?: () => boolean | Promise<boolean>;
  sweeper?: RunSweeper;
  sharedHeads?: SharedHeads;
}

/** An `in_progress` run of this App older than this was abandoned (a crash, a lost worker). */
export const STALE_RUN_MS = 10 * 60_000;

/**
 * Publishes an outcome on GitHub, each write exactly once: one check run per evaluation
 * (created already completed when the evaluation was quick), annotations once, one sticky
 * comment, one acknowledgement per waiver command. The conclusion is written first and nothing
 * written after it can change it.
 */
export function createCheckRunSink(
  octokit: Octokit,
  options: CheckRunSinkOptions,
): GateSink<PublishResult> & {
  start(): Promise<number | null>;
  abandon(): Promise<void>;
  concludeStale(): Promise<number>;
} {
  const { repo, headSha, evaluationId, log } = options;
  let started: Promise<number | null> | null = null;

  const findRun = async (): Promise<{ id: number; status: string } | null> => {
    const { data } = await octokit.rest.checks.listForRef({
      ...repo,
      ref: headSha,
      check_name: CHECK_NAME,
      filter: 'all',
      per_page: 100,
    });
    const run = data.check_runs.find((candidate) => candidate.external_id === evaluationId);
    return run ? { id: run.id, status: run.status } : null;
  };
  const validId = (data: { id?: unknown; head_sha?: unknown }) =>
    typeof data.id === 'number' &&
    Number.isSafeInteger(data.id) &&
    data.id > 0 &&
    data.head_sha === headSha
      ? data.id
      : null;
  /** POST a run; after an ambiguous failure, look for it by external id before posting again. */
  const createRun = async (body: Record<string, unknown>): Promise<number> => {
    const post = async () =>
      validId(
        (
          await octokit.rest.checks.create({
            ...repo,
            name: CHECK_NAME,
            head_sha: headSha,
            external_id: evaluationId,
            ...body,
            request: { retries: 0 },
          } as never)
        ).data as { id?: unknown; head_sha?: unknown },
      );
    let id: number | null = null;
    try {
      id = await post();
    } catch (error) {
      if (!isAmbiguous(error)) throw error;
    }
    if (id !== null) return id;
    const found = await findRun();
    if (found) return found.id;
    id = await post();
    if (id === null) throw new Error('GitHub answered the check run creation without a valid id');
    return id;
  };

  const start = (): Promise<number | null> =>
    (started ??= createRun({
      status: 'in_progress',
      started_at: new Date().toISOString(),
      output: { title: 'Evaluating the readiness gate…', summary: 'Reading the change.' },
    }).then(
      (id) => id,
      (error: unknown) => {
        log.warn({ err: (error as Error).message }, 'could not start the check run');
        return null;
      },
    ));

  const conclude = async (output: CheckOutput, annotations: CheckOutput['annotations']) => {
    const body = {
      status: 'completed',
      conclusion: output.conclusion,
      completed_at: new Date().toISOString(),
      output: { title: output.title, summary: output.summary, annotations },
      actions: RECHECK_ACTIONS,
    };
    const inProgress = started ? await started : null;
    if (inProgress === null) return createRun(body);
    await octokit.rest.checks.update({ ...repo, check_run_id: inProgress, ...body } as never);
    return inProgress;
  };

  return {
    start,
    /**
     * Concludes this App's runs on the SHA left `in_progress` by an evaluation that never
     * finished (a process that died): a run is never left `in_progress` for good.
     */
    async concludeStale() {
      const { data } = await octokit.rest.checks.listForRef({
        ...repo,
        ref: headSha,
        check_name: CHECK_NAME,
        status: 'in_progress',
        per_page: 100,
        ...(options.identity.appId !== null ? { app_id: options.identity.appId } : {}),
      });
      const stale = data.check_runs.filter(
        (run) =>
          run.external_id !== evaluationId &&
          (options.identity.appId === null || run.app?.id === options.identity.appId) &&
          run.started_at !== null &&
          Date.now() - Date.parse(run.started_at) > STALE_RUN_MS,
      );
      await Promise.all(
        stale.map((run) =>
          concludeUnfinishedRun(
            octokit,
            repo,
            run.id,
            'This evaluation was abandoned; a newer one concludes the gate. Re-run it with `/readiness` if needed.',
          ),
        ),
      );
      return stale.length;
    },
    /** The evaluation failed before publishing: a run it started is left to the sweep. */
    async abandon() {
      const id = started ? await started : null;
      if (id !== null) options.sweeper?.remember(octokit, repo, id);
    },
    async publish(outcome: GateOutcome): Promise<PublishResult> {
      if (await options.isSuperseded?.()) {
        const id = started ? await started : null;
        if (id !== null) {
          await octokit.rest.checks
            .update({
              ...repo,
              check_run_id: id,
              status: 'completed',
              conclusion: 'cancelled',
              output: { title: 'Superseded', summary: 'A newer commit is being evaluated.' },
            })
            .catch(() => options.sweeper?.remember(octokit, repo, id));
        }
        log.info({ sha: headSha }, 'superseded by a newer head; outcome discarded');
        return {
          status: 'superseded',
          conclusion: null,
          checkRunId: id,
          commented: 'skipped',
          acknowledged: 0,
        };
      }
      let output = renderCheckOutput(outcome.verdict, {
        blobUrl: outcome.target.blobUrl,
        notScanned: outcome.notScanned,
        waivers: outcome.waivers,
        required: outcome.target.required,
      });
      if (options.sharedHeads && options.pr) {
        const shared = options.sharedHeads.record(repo, headSha, {
          number: options.pr.number,
          base: outcome.target.baseRef ?? '',
          conclusion: output.conclusion,
          title: output.title,
        });
        if (shared.length > 1) {
          const conclusion = shared.some((entry) => entry.conclusion === 'failure')
            ? 'failure'
            : 'success';
          const rows = shared.map(
            (entry) =>
              `| #${entry.number} | \`${entry.base}\` | ${entry.conclusion === 'success' ? '✅' : '❌'} ${entry.title} |`,
          );
          output = {
            ...output,
            conclusion,
            summary: truncate(
              [
                `This commit is the head of ${shared.length} open pull requests into different branches; the run carries the strictest result.`,
                '',
                '| pull request | base | result |',
                '|---|---|---|',
                ...rows,
                '',
                output.summary,
              ].join('\n'),
            ),
          };
        }
      }
      const batches: CheckOutput['annotations'][] = [];
      for (let i = 0; i < output.annotations.length; i += ANNOTATIONS_PER_REQUEST)
        batches.push(output.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
      const pr = options.pr;
      const wantsComment = pr && (!pr.state.pull.draft || outcome.config.comment.drafts);
      const [run, comment, ...acks] = await Promise.allSettled([
        conclude(output, batches[0] ?? []),
        wantsComment
          ? upsertStickyComment(
              octokit,
              { ...repo, number: pr.number },
              pr.state.sticky,
              renderStickyComment(outcome.verdict, {
                blobUrl: outcome.target.blobUrl,
                notScanned: outcome.notScanned,
                waivers: outcome.waivers,
                headSha,
              }),
              options.identity,
            )
          : Promise.resolve('skipped' as const),
        ...(pr
          ? outcome.acknowledge.map(async (ack) => {
              const body = waiverAckBody(ack, ack.commentId);
              const existing = pr.state.acks.get(ack.commentId);
              if (existing)
                await octokit.rest.issues.updateComment({
                  ...repo,
                  comment_id: existing.ackCommentId,
                  body,
                });
              else
                await octokit.rest.issues.createComment({
                  ...repo,
                  issue_number: pr.number,
                  body,
                  request: { retries: 0 },
                });
            })
          : []),
      ]);
      if (comment.status === 'rejected')
        log.warn(
          { err: (comment.reason as Error).message },
          'sticky comment not written; the run keeps its conclusion',
        );
      for (const ack of acks)
        if (ack.status === 'rejected')
          log.warn({ err: (ack.reason as Error).message }, 'waiver acknowledgement not written');
      if (run.status === 'rejected') {
        const id = started ? await started : null;
        if (id !== null) options.sweeper?.remember(octokit, repo, id);
        throw new Error(`GitHub: cannot conclude the check run: ${(run.reason as Error).message}`, {
          cause: run.reason,
        });
      }
      // Later batches only add annotations (GitHub appends them): they never touch the conclusion.
      for (const batch of batches.slice(1)) {
        try {
          await octokit.rest.checks.update({
            ...repo,
            check_run_id: run.value,
            output: { title: output.title, summary: output.summary, annotations: batch },
          });
        } catch (error) {
          log.warn({ err: (error as Error).message }, 'annotation batch not written');
          break;
        }
      }
      return {
        status: 'published',
        conclusion: output.conclusion,
        checkRunId: run.value,
        commented: comment.status === 'fulfilled' ? comment.value : 'failed',
        acknowledged: acks.filter((ack) => ack.status === 'fulfilled').length,
      };
    },
  };
}
