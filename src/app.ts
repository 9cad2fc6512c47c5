import type { Octokit } from '@octokit/rest';
import picomatch from 'picomatch';
import type { ApplicationFunction, Context, Probot } from 'probot';
import { DEFAULT_CHECKLIST_GLOBS } from './core/checklist/default-checklist-globs.js';
import { CHECK_NAME, CONFIG_PATH } from './core/gate/constants.js';
import { parseSlashCommands } from './core/waivers/parse-slash-commands.js';
import type { AppIdentity } from './github/app-identity.js';
import { isBot, type IssueComment } from './github/comments.js';
import { evaluateMergeGroup, evaluatePullRequest } from './github/evaluate-pull-request.js';
import { handleHealth } from './github/health.js';
import {
  handleMetrics,
  recordEvaluation,
  recordEvent,
  recordGitHubResponse,
  setQueueDepth,
} from './github/metrics.js';
import { createQueue, type EvaluationJob, type EvaluationQueue } from './github/queue/index.js';
import { handleCommands } from './github/handle-commands.js';
import { hardenOctokit } from './github/harden-octokit.js';
import { isCheckRequired } from './github/is-check-required.js';
import type { PullRequestData } from './github/read-pull-request.js';
import type { MergeGroup } from './github/create-merge-group-source.js';
import { createRunSweeper } from './github/create-run-sweeper.js';
import { createSharedHeads } from './github/create-shared-heads.js';
import { loadBuiltinRules } from './local/load-builtin-rules.js';

export interface AppOptions {
  /** Where evaluations wait; default: `createQueue(process.env)` (Redis when `REDIS_URL`). */
  queue?: EvaluationQueue;
  /** Who this App is; default: asked once from `GET /app`. */
  identity?: AppIdentity;
  /** Per-attempt request timeout. */
  timeoutMs?: number;
  /** How often stale `in_progress` runs are swept. */
  sweepMs?: number;
  /** An evaluation slower than this shows an `in_progress` run first. */
  slowMs?: number;
}

/** What a job carries: plain JSON, so a Redis-backed queue can hold it too. */
type JobData =
  | { kind: 'pull_request'; owner: string; repo: string; number: number; pull?: PullRequestData }
  | { kind: 'merge_group'; owner: string; repo: string; group: MergeGroup }
  | { kind: 'command'; owner: string; repo: string; number: number; comment: IssueComment }
  | { kind: 'push'; owner: string; repo: string; branch: string };

const GATE_FILES = picomatch([...DEFAULT_CHECKLIST_GLOBS, CONFIG_PATH, '**/*.md'], {
  nocase: true,
  dot: true,
});
const REQUIRED_TTL_MS = 5 * 60_000;

type Repository = { owner: { login?: string; name?: string | null } | null; name: string };
const ownerOf = (repository: Repository) => repository.owner?.login ?? repository.owner?.name ?? '';
const prKey = (owner: string, repo: string, number: number) => `${owner}/${repo}#${number}`;

/**
 * The GitHub App. Webhook handlers only enqueue a job (so GitHub gets its answer at once);
 * the queue runs one evaluation at a time per pull request or merge group.
 */
export function createApp(appOptions: AppOptions = {}): ApplicationFunction {
  return (probot: Probot, options) => {
    const builtin = loadBuiltinRules();
    if (builtin.errors.length > 0)
      throw new Error(`invalid built-in rules: ${JSON.stringify(builtin.errors)}`);
    const rules = builtin.rules;
    const log = probot.log;
    const queue = appOptions.queue ?? createQueue(process.env, { concurrency: 64 });
    const sweeper = createRunSweeper(log);
    const sharedHeads = createSharedHeads();

    // Under Probot's middleware adapters there is no server to add routes to.
    try {
      options.addHandler?.(handleHealth);
      options.addHandler?.((req, res) => handleMetrics(req, res));
    } catch {
      log.debug('no HTTP server: /health and /metrics are not served');
    }

    let identity: Promise<AppIdentity> | null = appOptions.identity
      ? Promise.resolve(appOptions.identity)
      : null;
    const whoAmI = () =>
      (identity ??= (async () => {
        const app = await probot.auth();
        const { data } = await app.rest.apps.getAuthenticated();
        if (!data) throw new Error('GitHub: GET /app answered nothing');
        return { appId: data.id, botLogin: `${data.slug ?? ''}[bot]` };
      })().catch((error: unknown) => {
        identity = null;
        throw error;
      }));

    const clients = new Map<number, Promise<Octokit>>();
    const clientFor = (installationId: number) => {
      let client = clients.get(installationId);
      if (!client) {
        client = probot.auth(installationId).then((octokit) => {
          const hardened = hardenOctokit(octokit as unknown as Octokit, {
            log,
            ...(appOptions.timeoutMs ? { timeoutMs: appOptions.timeoutMs } : {}),
          });
          hardened.hook.after('request', (response) =>
            recordGitHubResponse(response.headers as Record<string, unknown>, response.status),
          );
          hardened.hook.error('request', (error) => {
            const failure = error as { status?: number; response?: { headers?: object } };
            recordGitHubResponse(
              (failure.response?.headers ?? {}) as Record<string, unknown>,
              failure.status ?? 0,
            );
            throw error;
          });
          return hardened;
        });
        client.catch(() => clients.delete(installationId));
        clients.set(installationId, client);
      }
      return client;
    };

    const required = new Map<string, { at: number; value: Promise<boolean | null> }>();
    const requiredFor = (octokit: Octokit, owner: string, repo: string) => (branch: string) => {
      const key = `${owner}/${repo}@${branch}`;
      const cached = required.get(key);
      if (cached && Date.now() - cached.at < REQUIRED_TTL_MS) return cached.value;
      const value = isCheckRequired(octokit, { owner, repo, number: 0 }, branch, CHECK_NAME);
      required.set(key, { at: Date.now(), value });
      if (required.size > 10_000) required.delete(required.keys().next().value as string);
      return value;
    };

    // A newer head SHA enqueued for a key after an evaluation started supersedes it.
    let sequence = 0;
    const latest = new Map<string, { sha: string; seq: number }>();
    const enqueue = async (
      context: Context,
      job: Omit<EvaluationJob, 'deliveryId' | 'installationId'>,
    ) => {
      const installationId = (context.payload as { installation?: { id: number } }).installation
        ?.id;
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

    // The first evaluation of a PR in this process also concludes runs an earlier process left.
    const seenKeys = new Set<string>();
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
          builtin: rules,
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
          required: requiredFor(octokit, data.owner, data.repo),
          sweeper,
          sharedHeads,
          concludeStale,
          ...(appOptions.slowMs !== undefined ? { slowMs: appOptions.slowMs } : {}),
        },
      );
      if (result.conclusion)
        recordEvaluation('pull_request', result.conclusion, (Date.now() - began) / 1000);
    };

    queue.process(async (job) => {
      const jobLog = log.child({ delivery: job.deliveryId, key: job.key });
      try {
        const [octokit, who] = await Promise.all([clientFor(job.installationId), whoAmI()]);
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
              {
                builtin: rules,
                identity: who,
                log: jobLog,
                sweeper,
                ...(appOptions.slowMs !== undefined ? { slowMs: appOptions.slowMs } : {}),
              },
            );
            if (result.conclusion)
              recordEvaluation('merge_group', result.conclusion, (Date.now() - began) / 1000);
            break;
          }
          case 'command': {
            const ref = { owner: data.owner, repo: data.repo, number: data.number };
            const result = await handleCommands(octokit, ref, data.comment as IssueComment, {
              builtin: rules,
              log: jobLog,
            });
            if (result.evaluate)
              await queue.enqueue({
                key: prKey(ref.owner, ref.repo, ref.number),
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
                key: prKey(data.owner, data.repo, pull.number),
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
    });
    if (appOptions.sweepMs !== 0) {
      const timer = setInterval(() => {
        if (sweeper.size() > 0) void sweeper.sweep();
      }, appOptions.sweepMs ?? 60_000);
      timer.unref();
    }

    // Handlers only build a job from the payload: a payload without what they need is the
    // sender's error (400, logged), not the App's (500).
    const guard =
      <C extends Context>(handler: (context: C) => Promise<void>) =>
      async (context: C) => {
        recordEvent(context.name);
        try {
          await handler(context);
        } catch (error) {
          if ((error as { status?: number }).status !== undefined) throw error;
          log.warn(
            { delivery: context.id, event: context.name, err: (error as Error).message },
            'malformed webhook payload',
          );
          throw Object.assign(
            new Error(`Unexpected ${context.name} payload, expected the fields GitHub sends`),
            { status: 400 },
          );
        }
      };

    const enqueuePulls = async (
      context: Context,
      repository: Repository,
      pulls: Array<{ number: number }>,
    ) => {
      const owner = ownerOf(repository);
      for (const pull of pulls)
        await enqueue(context, {
          key: prKey(owner, repository.name, pull.number),
          sha: null,
          data: { kind: 'pull_request', owner, repo: repository.name, number: pull.number },
        });
    };

    probot.on(
      [
        'pull_request.opened',
        'pull_request.synchronize',
        'pull_request.reopened',
        'pull_request.ready_for_review',
        'pull_request.edited',
      ],
      guard(async (context) => {
        const { pull_request: pull, repository } = context.payload;
        // Only a new base changes the gate of an edited PR (another config, another diff).
        if (context.payload.action === 'edited' && !context.payload.changes.base) return;
        const owner = ownerOf(repository);
        await enqueue(context, {
          key: prKey(owner, repository.name, pull.number),
          sha: pull.head.sha,
          data: { kind: 'pull_request', owner, repo: repository.name, number: pull.number, pull },
        });
      }),
    );

    probot.on(
      ['check_run.rerequested', 'check_run.requested_action'],
      guard(async (context) => {
        const { check_run: run, repository } = context.payload;
        if (run.name !== CHECK_NAME) return;
        if (
          context.payload.action === 'requested_action' &&
          context.payload.requested_action?.identifier !== 'recheck'
        )
          return;
        await enqueuePulls(context, repository, run.pull_requests);
      }),
    );

    probot.on(
      'check_suite.rerequested',
      guard(async (context) => {
        const { check_suite: suite, repository } = context.payload;
        await enqueuePulls(context, repository, suite.pull_requests);
      }),
    );

    probot.on(
      'merge_group.checks_requested',
      guard(async (context) => {
        const { merge_group: group, repository } = context.payload;
        if (!repository) return;
        const owner = ownerOf(repository);
        await enqueue(context, {
          key: `${owner}/${repository.name}@merge-group:${group.head_sha}`,
          sha: group.head_sha,
          data: {
            kind: 'merge_group',
            owner,
            repo: repository.name,
            group: {
              head_sha: group.head_sha,
              base_sha: group.base_sha,
              base_ref: group.base_ref,
              head_ref: group.head_ref,
            },
          },
        });
      }),
    );

    probot.on(
      'push',
      guard(async (context) => {
        const { repository, ref: pushed, commits } = context.payload;
        if (pushed !== `refs/heads/${repository.default_branch}`) return;
        const touched = commits.flatMap((commit) => [
          ...(commit.added ?? []),
          ...(commit.modified ?? []),
          ...(commit.removed ?? []),
        ]);
        if (!touched.some((path) => GATE_FILES(path))) return;
        const owner = ownerOf(repository as Repository);
        await enqueue(context, {
          key: `${owner}/${repository.name}@push`,
          sha: null,
          data: { kind: 'push', owner, repo: repository.name, branch: repository.default_branch },
        });
      }),
    );

    probot.on(
      'issue_comment.created',
      guard(async (context) => {
        const { issue, comment, repository } = context.payload;
        if (!issue.pull_request || isBot(comment as IssueComment)) return;
        if (parseSlashCommands(comment.body ?? '').length === 0) return;
        const owner = ownerOf(repository);
        await enqueue(context, {
          key: `${prKey(owner, repository.name, issue.number)}/comment/${comment.id}`,
          sha: null,
          data: {
            kind: 'command',
            owner,
            repo: repository.name,
            number: issue.number,
            comment: {
              id: comment.id,
              body: comment.body,
              user: comment.user ? { login: comment.user.login, type: comment.user.type } : null,
              created_at: comment.created_at,
              html_url: comment.html_url,
            },
          },
        });
      }),
    );

    probot.on(
      ['issue_comment.edited', 'issue_comment.deleted'],
      guard(async (context) => {
        const { issue, comment, repository } = context.payload;
        if (!issue.pull_request || isBot(comment as IssueComment)) return;
        // Waivers live in comments: editing or deleting one that held a waiver changes the gate.
        const before =
          context.payload.action === 'edited' ? (context.payload.changes.body?.from ?? '') : '';
        const touchesWaiver = [comment.body ?? '', before].some((body) =>
          parseSlashCommands(body).some(
            (command) => command.name === 'waive' || command.name === 'unwaive',
          ),
        );
        if (touchesWaiver) await enqueuePulls(context, repository, [{ number: issue.number }]);
      }),
    );
  };
}

export default createApp();
