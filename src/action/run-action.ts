import { appendFile } from 'node:fs/promises';
import { Octokit } from '@octokit/rest';
import { CHECKS } from '../checks/index.js';
import { runGate } from '../core/gate/run-gate.js';
import { renderStickyComment } from '../core/render/render-sticky-comment.js';
import type { GateOutcome } from '../core/gate/gate-snapshot.js';
import { upsertStickyComment } from '../github/comments.js';
import type { PullRequestState } from '../github/create-pull-request-source.js';
import { waiverAckBody } from '../github/waiver-claims.js';
import { createActionSink, escapeData } from './action-sink.js';
import { ACTION_IDENTITY, createActionSource } from './create-action-source.js';
import { loadActionRules } from './load-action-rules.js';
import { readActionEvent } from './read-action-event.js';

export interface RunActionOptions {
  env: Record<string, string | undefined>;
  out: { write(text: string): unknown };
  /** The built-in rules folder (`rules/` of this repository). */
  rulesDir: string;
}

export interface ActionInputs {
  token: string;
  comment: boolean;
  phase: number | undefined;
  configPath: string | undefined;
}

const quiet = () => undefined;

/** An input as the runner passes it: `INPUT_<NAME>` upper-cased, hyphens kept. */
function input(env: RunActionOptions['env'], name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** The action's inputs from the environment; a wrong value stops the run with what to fix. */
export function readActionInputs(env: RunActionOptions['env']): ActionInputs {
  const token = input(env, 'token');
  if (!token)
    throw new Error(
      'Unexpected empty `token` input, expected a token (the default is `${{ github.token }}`)',
    );
  const comment = input(env, 'comment') || 'false';
  if (!/^(true|True|TRUE|false|False|FALSE)$/.test(comment))
    throw new Error(`Unexpected \`comment: ${comment}\`, expected true or false`);
  const phase = input(env, 'phase');
  if (phase && !/^[1-9]\d{0,3}$/.test(phase))
    throw new Error(`Unexpected \`phase: ${phase}\`, expected a phase number (1, 2, ...)`);
  const configPath = input(env, 'config-path');
  if (configPath && (configPath.startsWith('/') || configPath.split('/').includes('..')))
    throw new Error(
      `Unexpected \`config-path: ${configPath}\`, expected a path inside the repository`,
    );
  return {
    token,
    comment: comment.toLowerCase() === 'true',
    phase: phase ? Number(phase) : undefined,
    configPath: configPath || undefined,
  };
}

/**
 * The App's comment pieces, with the job's token: the sticky comment (when `comment: true`) and
 * one acknowledgement per new waiver, which records the findings it covers so that a later
 * finding is not waived silently. Nothing here changes the verdict: a token without
 * `pull-requests: write` (a fork's pull_request run) only loses the comments.
 */
async function postComments(
  octokit: Octokit,
  outcome: GateOutcome,
  state: PullRequestState | null,
  comment: boolean,
  out: RunActionOptions['out'],
): Promise<void> {
  const { target } = outcome;
  if (!state || target.kind !== 'pull_request' || !target.repository || !target.number) return;
  const [owner = '', repo = ''] = target.repository.split('/');
  const ref = { owner, repo, number: target.number };
  const warn = (what: string, error: unknown) =>
    out.write(
      `::warning title=Readiness Gate::${escapeData(`cannot post ${what} (does the job have \`pull-requests: write\`?): ${(error as Error).message}`)}\n`,
    );
  if (comment) {
    try {
      const body = renderStickyComment(outcome.verdict, {
        blobUrl: target.blobUrl,
        notScanned: outcome.notScanned,
        waivers: outcome.waivers,
        headSha: target.headSha ?? '',
      });
      const result = await upsertStickyComment(octokit, ref, state.sticky, body, ACTION_IDENTITY);
      out.write(`Readiness Gate comment: ${result}\n`);
    } catch (error) {
      warn('the comment', error);
    }
  }
  for (const ack of outcome.acknowledge) {
    try {
      const body = waiverAckBody(ack, ack.commentId);
      const existing = state.acks.get(ack.commentId);
      if (existing)
        await octokit.rest.issues.updateComment({
          owner,
          repo,
          comment_id: existing.ackCommentId,
          body,
        });
      else await octokit.rest.issues.createComment({ owner, repo, issue_number: ref.number, body });
    } catch (error) {
      warn('the waiver acknowledgement', error);
    }
  }
}

/**
 * The Action: reads the event, runs the same gate as the App, and returns the step's exit
 * code. Any error fails the step closed with its reason, never a silent pass.
 */
export async function runAction(options: RunActionOptions): Promise<number> {
  const { env, out } = options;
  try {
    const inputs = readActionInputs(env);
    const event = await readActionEvent(env);
    if (event.kind === 'ignored') {
      out.write(`Readiness Gate: nothing to check for \`${event.event}\`: ${event.reason}\n`);
      return 0;
    }
    const octokit = new Octokit({
      auth: inputs.token,
      baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
      userAgent: 'readiness-gate-action',
      // Octokit logs every failed request (an absent config is an expected 404): the Action
      // reports what matters itself, as workflow commands.
      log: {
        debug: quiet,
        info: quiet,
        warn: (message) => out.write(`${message}\n`),
        error: quiet,
      },
    });
    const source = createActionSource(event, octokit, {
      builtin: loadActionRules(options.rulesDir),
      ...(inputs.configPath ? { configPath: inputs.configPath } : {}),
      ...(inputs.phase ? { phase: inputs.phase } : {}),
      ...(env.GITHUB_SERVER_URL ? { serverUrl: env.GITHUB_SERVER_URL } : {}),
    });
    const outcome = await runGate(await source.read(), CHECKS);
    const result = await createActionSink({ env, out }).publish(outcome);
    if (env.GITHUB_OUTPUT) {
      await appendFile(
        env.GITHUB_OUTPUT,
        `verdict=${outcome.verdict.verdict}\nconclusion=${result.conclusion}\n`,
      ).catch((error: unknown) =>
        out.write(
          `::warning title=Readiness Gate::${escapeData(`cannot write the step outputs: ${(error as Error).message}`)}\n`,
        ),
      );
    }
    await postComments(octokit, outcome, source.state, inputs.comment, out);
    return result.exitCode;
  } catch (error) {
    out.write(
      `::error title=Readiness Gate::${escapeData(`the gate could not evaluate and fails closed: ${(error as Error).message}`)}\n`,
    );
    return 1;
  }
}
