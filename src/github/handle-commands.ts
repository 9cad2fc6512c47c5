import type { Octokit } from '@octokit/rest';
import {
  COMMAND_HELP,
  parseSlashCommands,
  type SlashCommand,
} from '../core/waivers/parse-slash-commands.js';
import type { PrRef } from '../core/config/parse-pr-ref.js';
import type { Rule } from '../core/rules/rule-types.js';
import { isBot, type IssueComment } from './comments.js';
import { CHECK_NAME } from '../core/gate/constants.js';
import type { Logger } from '../logger.js';
import { evaluatePullRequest, loadEffectiveRules } from './evaluate-pull-request.js';
import { hasWritePermission } from './has-write-permission.js';
import { getPullRequest } from './read-pull-request.js';

async function reply(octokit: Octokit, ref: PrRef, body: string): Promise<void> {
  await octokit.rest.issues.createComment({
    owner: ref.owner,
    repo: ref.repo,
    issue_number: ref.number,
    body,
  });
}

async function status(octokit: Octokit, ref: PrRef): Promise<string> {
  const pull = await getPullRequest(octokit, ref);
  const { data } = await octokit.rest.checks.listForRef({
    owner: ref.owner,
    repo: ref.repo,
    ref: pull.head.sha,
    check_name: CHECK_NAME,
  });
  const run = data.check_runs[0];
  if (!run)
    return `No **${CHECK_NAME}** run for ${pull.head.sha.slice(0, 7)} yet. Comment \`/readiness check\` to start one.`;
  const state =
    run.status === 'completed'
      ? run.conclusion === 'success'
        ? '✅ passing'
        : `❌ ${run.conclusion}`
      : `⏳ ${run.status}`;
  return `**${CHECK_NAME}** at ${pull.head.sha.slice(0, 7)}: ${state} — ${run.output.title ?? ''} ([details](${run.html_url}))`;
}

/**
 * `/readiness ...` commands in a PR comment. Bots are never obeyed; waivers need write,
 * maintain or admin permission and a reason; every command gets a reaction.
 */
export async function handleCommands(
  octokit: Octokit,
  ref: PrRef,
  comment: IssueComment,
  options: { builtin: Rule[]; log: Logger },
): Promise<SlashCommand[]> {
  if (isBot(comment) || !comment.user) return [];
  const commands = parseSlashCommands(comment.body ?? '');
  if (commands.length === 0) return [];
  await octokit.rest.reactions.createForIssueComment({
    owner: ref.owner,
    repo: ref.repo,
    comment_id: comment.id,
    content: 'eyes',
  });
  const needsRules = commands.some((command) =>
    ['explain', 'waive', 'unwaive'].includes(command.name),
  );
  const pull = needsRules ? await getPullRequest(octokit, ref) : null;
  const rules = pull
    ? await loadEffectiveRules(octokit, ref, pull.base.ref, options.builtin)
    : options.builtin;
  const known = new Map(rules.map((rule) => [rule.id, rule]));
  const knownList = [...known.keys()].map((id) => `\`${id}\``).join(', ');
  let evaluate = false;
  for (const command of commands) {
    switch (command.name) {
      case 'check':
        evaluate = true;
        break;
      case 'status':
        await reply(octokit, ref, await status(octokit, ref));
        break;
      case 'explain': {
        const rule = command.rule ? known.get(command.rule) : undefined;
        await reply(
          octokit,
          ref,
          rule
            ? `### \`${rule.id}\`: ${rule.title}\n\nSeverity **${rule.severity}**, phase ${rule.phase}.\n\n${rule.description}`
            : `I don't know the rule ${command.rule ? `\`${command.rule}\`` : '(none given)'}. Known rules: ${knownList}.`,
        );
        break;
      }
      case 'waive':
      case 'unwaive': {
        const login = comment.user.login;
        if (!command.rule || !known.has(command.rule)) {
          await reply(
            octokit,
            ref,
            `@${login} I can't ${command.name} ${command.rule ? `\`${command.rule}\`` : 'without a rule id'}: it is not a rule here. Known rules: ${knownList}.`,
          );
          break;
        }
        if (command.name === 'waive' && !command.reason) {
          await reply(
            octokit,
            ref,
            `@${login} a waiver needs a reason: \`/readiness waive ${command.rule}${command.path ? ` ${command.path}` : ''} -- <why this is acceptable>\`.`,
          );
          break;
        }
        if (!(await hasWritePermission(octokit, ref, login))) {
          await reply(
            octokit,
            ref,
            `Sorry @${login}, only people with write, maintain or admin permission on this repository can ${command.name} findings. Please ask a maintainer.`,
          );
          options.log.info(
            { user: login, command: command.name },
            'waiver refused: no write permission',
          );
          break;
        }
        evaluate = true;
        break;
      }
      case 'help':
      case 'unknown':
        await reply(
          octokit,
          ref,
          command.name === 'unknown'
            ? `I don't know \`/readiness ${command.text}\`.\n\n${COMMAND_HELP}`
            : COMMAND_HELP,
        );
        break;
    }
  }
  if (evaluate)
    await evaluatePullRequest(octokit, ref, {
      builtin: options.builtin,
      log: options.log,
      ...(pull ? { pull } : {}),
    });
  return commands;
}
