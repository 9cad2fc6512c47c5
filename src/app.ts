import type { Octokit } from '@octokit/rest';
import picomatch from 'picomatch';
import type { ApplicationFunction, Context, Probot } from 'probot';
import { DEFAULT_CHECKLIST_GLOBS } from './core/checklist/default-checklist-globs.js';
import { parseSlashCommands } from './core/waivers/parse-slash-commands.js';
import type { PrRef } from './core/config/parse-pr-ref.js';
import { isBot, type IssueComment } from './github/comments.js';
import { evaluateMergeGroup } from './github/evaluate-merge-group.js';
import { evaluatePullRequest } from './github/evaluate-pull-request.js';
import { CHECK_NAME } from './core/gate/constants.js';
import type { Logger } from './logger.js';
import { handleCommands } from './github/handle-commands.js';
import { loadBuiltinRules } from './local/load-builtin-rules.js';
import { CONFIG_PATH } from './core/gate/constants.js';

type AnyContext = Context;

// Probot's Octokit carries the REST methods the GitHub adapters use; the adapters take the
// @octokit/rest type so that the CLI can hand them its own client.
const rest = (context: AnyContext) => context.octokit as unknown as Octokit;

function logFor(context: AnyContext, ref: Partial<PrRef> & { sha?: string }): Logger {
  return context.log.child({
    delivery: context.id,
    event: context.name,
    repo: ref.owner ? `${ref.owner}/${ref.repo}` : undefined,
    pr: ref.number,
    sha: ref.sha,
  });
}

const GATE_FILES = picomatch([...DEFAULT_CHECKLIST_GLOBS, CONFIG_PATH, '**/*.md'], {
  nocase: true,
  dot: true,
});

/** The GitHub App: wires webhook events to the gate. */
const app: ApplicationFunction = (probot: Probot, options) => {
  const builtin = loadBuiltinRules();
  if (builtin.errors.length > 0)
    throw new Error(`invalid built-in rules: ${JSON.stringify(builtin.errors)}`);
  const rules = builtin.rules;

  options.addHandler((req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', check: CHECK_NAME }));
      return true;
    }
    return false;
  });

  const evaluate = async (context: AnyContext, ref: PrRef) => {
    await evaluatePullRequest(rest(context), ref, { builtin: rules, log: logFor(context, ref) });
  };

  const evaluateEach = async (
    context: AnyContext,
    repository: { owner: { login: string }; name: string },
    pulls: Array<{ number: number }>,
  ) => {
    for (const pull of pulls) {
      await evaluate(context, {
        owner: repository.owner.login,
        repo: repository.name,
        number: pull.number,
      });
    }
  };

  probot.on(
    [
      'pull_request.opened',
      'pull_request.synchronize',
      'pull_request.reopened',
      'pull_request.ready_for_review',
    ],
    async (context) => {
      const { pull_request: pull, repository } = context.payload;
      const ref = { owner: repository.owner.login, repo: repository.name, number: pull.number };
      await evaluatePullRequest(rest(context), ref, {
        builtin: rules,
        log: logFor(context, { ...ref, sha: pull.head.sha }),
        pull: pull as never,
      });
    },
  );

  probot.on('pull_request.edited', async (context) => {
    // Only a new base changes the gate (another config, another diff).
    if (!context.payload.changes.base) return;
    const { pull_request: pull, repository } = context.payload;
    await evaluate(context, {
      owner: repository.owner.login,
      repo: repository.name,
      number: pull.number,
    });
  });

  probot.on(['check_run.rerequested', 'check_run.requested_action'], async (context) => {
    const { check_run: run, repository } = context.payload;
    if (run.name !== CHECK_NAME) return;
    if (
      context.payload.action === 'requested_action' &&
      context.payload.requested_action?.identifier !== 'recheck'
    )
      return;
    await evaluateEach(context, repository, run.pull_requests);
  });

  probot.on('check_suite.rerequested', async (context) => {
    const { check_suite: suite, repository } = context.payload;
    await evaluateEach(context, repository, suite.pull_requests);
  });

  probot.on('merge_group.checks_requested', async (context) => {
    const { merge_group: group, repository } = context.payload;
    if (!repository) return;
    const repo = { owner: repository.owner.login, repo: repository.name };
    await evaluateMergeGroup(rest(context), repo, group, {
      builtin: rules,
      log: logFor(context, { ...repo, sha: group.head_sha }),
    });
  });

  probot.on('push', async (context) => {
    const { repository, ref: pushed, commits } = context.payload;
    if (pushed !== `refs/heads/${repository.default_branch}`) return;
    const touched = commits.flatMap((commit) => [
      ...(commit.added ?? []),
      ...(commit.modified ?? []),
      ...(commit.removed ?? []),
    ]);
    if (!touched.some((path) => GATE_FILES(path))) return;
    const owner = repository.owner?.login ?? repository.owner?.name ?? '';
    const pulls = await context.octokit.paginate(context.octokit.rest.pulls.list, {
      owner,
      repo: repository.name,
      state: 'open',
      base: repository.default_branch,
      per_page: 100,
    });
    for (const pull of pulls)
      await evaluate(context, { owner, repo: repository.name, number: pull.number });
  });

  probot.on('issue_comment.created', async (context) => {
    const { issue, comment, repository } = context.payload;
    if (!issue.pull_request) return;
    const ref = { owner: repository.owner.login, repo: repository.name, number: issue.number };
    await handleCommands(rest(context), ref, comment as IssueComment, {
      builtin: rules,
      log: logFor(context, ref),
    });
  });

  probot.on(['issue_comment.edited', 'issue_comment.deleted'], async (context) => {
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
    if (touchesWaiver)
      await evaluate(context, {
        owner: repository.owner.login,
        repo: repository.name,
        number: issue.number,
      });
  });
};

export default app;
