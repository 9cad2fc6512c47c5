import picomatch from 'picomatch';
import type { ApplicationFunction, Context, Probot } from 'probot';
import { DEFAULT_CHECKLIST_GLOBS } from './core/checklist/default-checklist-globs.js';
import { CHECK_NAME, CONFIG_PATH } from './core/gate/constants.js';
import { parseSlashCommands } from './core/waivers/parse-slash-commands.js';
import type { AppIdentity } from './github/app-identity.js';
import { isBot, type IssueComment } from './github/comments.js';
import { createIdentityLookup } from './github/create-identity-lookup.js';
import { createInstallationClients } from './github/create-installation-clients.js';
import { createJobRunner } from './github/create-job-runner.js';
import { createRequiredCheckCache } from './github/create-required-check-cache.js';
import { createRunSweeper } from './github/create-run-sweeper.js';
import { createSharedHeads } from './github/create-shared-heads.js';
import { guardWebhook } from './github/guard-webhook.js';
import { handleHealth } from './github/health.js';
import { toPullRequestKey } from './github/job-data.js';
import { handleMetrics } from './github/metrics.js';
import { createQueue, type EvaluationQueue } from './github/queue/index.js';
import { readRepositoryOwner, type PayloadRepository } from './github/read-repository-owner.js';
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

const GATE_FILES = picomatch([...DEFAULT_CHECKLIST_GLOBS, CONFIG_PATH, '**/*.md'], {
  nocase: true,
  dot: true,
});

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

    // Under Probot's middleware adapters there is no server to add routes to.
    try {
      options.addHandler?.(handleHealth);
      options.addHandler?.((req, res) => handleMetrics(req, res));
    } catch {
      log.debug('no HTTP server: /health and /metrics are not served');
    }

    const runner = createJobRunner({
      queue,
      log,
      builtin: rules,
      clientFor: createInstallationClients(probot, {
        ...(appOptions.timeoutMs ? { timeoutMs: appOptions.timeoutMs } : {}),
      }),
      whoAmI: createIdentityLookup(probot, appOptions.identity),
      requiredFor: createRequiredCheckCache(),
      sweeper,
      sharedHeads: createSharedHeads(),
      ...(appOptions.slowMs !== undefined ? { slowMs: appOptions.slowMs } : {}),
    });
    const enqueue = runner.enqueue;
    queue.process(runner.handle);
    if (appOptions.sweepMs !== 0) {
      const timer = setInterval(() => {
        if (sweeper.size() > 0) void sweeper.sweep();
      }, appOptions.sweepMs ?? 60_000);
      timer.unref();
    }

    const guard = guardWebhook(log);

    const enqueuePulls = async (
      context: Context,
      repository: PayloadRepository,
      pulls: Array<{ number: number }>,
    ) => {
      const owner = readRepositoryOwner(repository);
      for (const pull of pulls)
        await enqueue(context, {
          key: toPullRequestKey(owner, repository.name, pull.number),
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
        const owner = readRepositoryOwner(repository);
        await enqueue(context, {
          key: toPullRequestKey(owner, repository.name, pull.number),
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
        const owner = readRepositoryOwner(repository);
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
        const owner = readRepositoryOwner(repository as PayloadRepository);
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
        const owner = readRepositoryOwner(repository);
        await enqueue(context, {
          key: `${toPullRequestKey(owner, repository.name, issue.number)}/comment/${comment.id}`,
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
