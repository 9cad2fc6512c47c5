import type { Octokit } from '@octokit/rest';
import type { PrRef } from '../core/config/parse-pr-ref.js';
import { CHECK_NAME, CONFIG_PATH } from '../core/gate/constants.js';
import {
  COMMAND_HELP,
  parseSlashCommands,
  type SlashCommand,
} from '../core/waivers/parse-slash-commands.js';
import type { Logger } from '../logger.js';
import { isBot, type IssueComment } from './comments.js';
import { hasWritePermission } from './has-write-permission.js';
import {
  allowsAuthorWaivers,
  effectiveRules,
  followExtends,
  parseBaseConfig,
} from './read-base-config.js';
import { getPullRequest, readRepoFile } from './read-pull-request.js';
import type { Rule } from '../core/rules/rule-types.js';

async function status(octokit: Octokit, ref: PrRef, headSha: string): Promise<string> {
  const { data } = await octokit.rest.checks.listForRef({
    owner: ref.owner,
    repo: ref.repo,
    ref: headSha,
    check_name: CHECK_NAME,
    per_page: 1,
  });
  const run = data.check_runs[0];
  if (!run)
    return `No **${CHECK_NAME}** run for ${headSha.slice(0, 7)} yet. Comment \`/readiness check\` to start one.`;
  const state =
    run.status === 'completed'
      ? run.conclusion === 'success'
        ? '✅ passing'
        : `❌ ${run.conclusion}`
      : `⏳ ${run.status}`;
  return `**${CHECK_NAME}** at ${headSha.slice(0, 7)}: ${state} ([details](${run.html_url}))`;
}

export interface CommandResult {
  commands: SlashCommand[];
  /** Whether the commands ask for an evaluation (a check, or a waiver from a writer). */
  evaluate: boolean;
  replied: boolean;
}

/**
 * `/readiness ...` commands in one PR comment. Bots are never obeyed. Every answer goes into at
 * most ONE reply per comment, whatever the comment holds, and a reply never repeats what the
 * commenter wrote: only rule ids the config defines and fixed text.
 */
export async function handleCommands(
  octokit: Octokit,
  ref: PrRef,
  comment: IssueComment,
  options: { builtin: Rule[]; log: Logger },
): Promise<CommandResult> {
  const none = { commands: [], evaluate: false, replied: false };
  if (isBot(comment) || !comment.user) return none;
  const commands = parseSlashCommands(comment.body ?? '');
  if (commands.length === 0) return none;
  const login = comment.user.login;
  const [pull, canWrite] = await Promise.all([
    getPullRequest(octokit, ref),
    hasWritePermission(octokit, ref, login),
    octokit.rest.reactions
      .createForIssueComment({
        owner: ref.owner,
        repo: ref.repo,
        comment_id: comment.id,
        content: 'eyes',
      })
      .catch(() => undefined),
  ]);
  const needsRules = commands.some((command) =>
    ['explain', 'waive', 'unwaive'].includes(command.name),
  );
  let rules = options.builtin;
  let allowAuthor = false;
  if (needsRules) {
    const text = await readRepoFile(octokit, ref.owner, ref.repo, CONFIG_PATH, pull.base.sha);
    const merged = await followExtends(octokit, ref.owner, parseBaseConfig(text), ref.repo);
    rules = effectiveRules(options.builtin, merged.config).rules;
    allowAuthor = allowsAuthorWaivers(merged.config);
  }
  const known = new Map(rules.map((rule) => [rule.id, rule]));
  const knownList = [...known.keys()].map((id) => `\`${id}\``).join(', ');
  const answers: string[] = [];
  let evaluate = false;
  let refused = false;
  for (const command of commands) {
    switch (command.name) {
      case 'check':
        evaluate = true;
        break;
      case 'status':
        answers.push(await status(octokit, ref, pull.head.sha));
        break;
      case 'help':
        answers.push(COMMAND_HELP);
        break;
      case 'unknown':
        answers.push(`That is not a \`/readiness\` command.\n\n${COMMAND_HELP}`);
        break;
      case 'explain': {
        const rule = command.rule ? known.get(command.rule) : undefined;
        answers.push(
          rule
            ? `### \`${rule.id}\`: ${rule.title}\n\nSeverity **${rule.severity}**, phase ${rule.phase}.\n\n${rule.description}`
            : `That is not a rule here. Known rules: ${knownList}.`,
        );
        break;
      }
      case 'waive':
      case 'unwaive': {
        if (!canWrite) {
          refused = true;
          break;
        }
        const rule = command.rule ? known.get(command.rule) : undefined;
        if (!rule) {
          answers.push(
            `I can't ${command.name} that: it is not a rule here. Known rules: ${knownList}.`,
          );
          break;
        }
        if (command.name === 'waive' && !command.reason) {
          answers.push(
            `A waiver needs a reason: \`/readiness waive ${rule.id} [path] -- <why this is acceptable>\`.`,
          );
          break;
        }
        if (command.name === 'waive' && !allowAuthor && login === pull.user?.login) {
          answers.push(
            `You opened this pull request, so you can't waive \`${rule.id}\` on it: please ask another maintainer (the config option \`waivers.allowAuthor\` changes this).`,
          );
          break;
        }
        evaluate = true;
        break;
      }
    }
  }
  if (refused) {
    answers.unshift(
      'Sorry, only people with write, maintain or admin permission on this repository can waive findings. Please ask a maintainer.',
    );
    options.log.info({ user: login }, 'waiver refused: no write permission');
  }
  if (answers.length === 0) return { commands, evaluate, replied: false };
  const body = `@${login} ${answers.join('\n\n---\n\n')}`;
  try {
    await octokit.rest.issues.createComment({
      owner: ref.owner,
      repo: ref.repo,
      issue_number: ref.number,
      body,
      // A reply is posted once: after an ambiguous failure it is not sent again.
      request: { retries: 0 },
    });
  } catch (error) {
    options.log.warn({ err: (error as Error).message }, 'reply not posted');
  }
  return { commands, evaluate, replied: true };
}
