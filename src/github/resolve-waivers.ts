import type { Octokit } from '@octokit/rest';
import type { Waiver } from '../core/waivers/apply-waivers.js';
import { parseSlashCommands } from '../core/waivers/parse-slash-commands.js';
import type { PrRef } from '../core/config/parse-pr-ref.js';
import type { Finding } from '../core/rules/rule-types.js';
import { isBot, type IssueComment } from './comments.js';
import { hasWritePermission } from './has-write-permission.js';

const ACK = /<!-- readiness-gate:waiver (\{.*?\}) -->/;

export function waiverAckBody(waiver: Waiver, commentId: number): string {
  const count = waiver.fingerprints.length;
  return [
    `✅ Waived \`${waiver.rule}\`${waiver.path ? ` in \`${waiver.path}\`` : ''} for ${count} finding${count === 1 ? '' : 's'} — “${waiver.reason}” (by @${waiver.by}).`,
    'The waiver lapses when a later push changes the waived finding.',
    `<!-- readiness-gate:waiver ${JSON.stringify({ comment: commentId, fingerprints: waiver.fingerprints })} -->`,
  ].join('\n');
}

/**
 * Waivers live in the PR's own comments (GitHub is the store). They are re-read on every
 * evaluation, their authors' permissions re-checked; the findings a waiver covers are recorded
 * once, in the App's acknowledgement, so a later change to the finding makes it lapse.
 */
export async function resolveWaivers(
  octokit: Octokit,
  ref: PrRef,
  comments: IssueComment[],
  context: { rules: Set<string>; findings: Finding[]; log: { warn(o: object, m?: string): void } },
): Promise<Waiver[]> {
  const acks = new Map<number, string[]>();
  for (const comment of comments) {
    if (!isBot(comment)) continue;
    const match = ACK.exec(comment.body ?? '');
    if (!match) continue;
    try {
      const data = JSON.parse(match[1] as string) as { comment: number; fingerprints: string[] };
      acks.set(data.comment, data.fingerprints);
    } catch {
      context.log.warn({ comment: comment.id }, 'unreadable waiver acknowledgement ignored');
    }
  }
  const permission = new Map<string, boolean>();
  const canWrite = async (login: string) => {
    if (!permission.has(login))
      permission.set(login, await hasWritePermission(octokit, ref, login));
    return permission.get(login) as boolean;
  };
  const active = new Map<string, { waiver: Waiver; commentId: number }>();
  for (const comment of comments) {
    if (isBot(comment) || !comment.user) continue;
    for (const command of parseSlashCommands(comment.body ?? '')) {
      if (command.name !== 'waive' && command.name !== 'unwaive') continue;
      if (!command.rule || !context.rules.has(command.rule)) continue;
      if (!(await canWrite(comment.user.login))) continue;
      const key = `${command.rule}\u0000${command.path ?? ''}`;
      if (command.name === 'unwaive') {
        for (const existing of [...active.keys()]) {
          if (
            existing === key ||
            (command.path === null && existing.startsWith(`${command.rule}\u0000`))
          )
            active.delete(existing);
        }
        continue;
      }
      if (!command.reason) continue;
      active.set(key, {
        commentId: comment.id,
        waiver: {
          rule: command.rule,
          path: command.path,
          reason: command.reason,
          by: comment.user.login,
          at: comment.created_at,
          fingerprints: [],
          commentUrl: comment.html_url,
        },
      });
    }
  }
  const waivers: Waiver[] = [];
  for (const { waiver, commentId } of active.values()) {
    let fingerprints = acks.get(commentId);
    if (!fingerprints) {
      fingerprints = context.findings
        .filter(
          (finding) =>
            finding.rule === waiver.rule && (waiver.path === null || finding.path === waiver.path),
        )
        .map((finding) => finding.fingerprint);
      const ack = { ...waiver, fingerprints };
      await octokit.rest.issues.createComment({
        owner: ref.owner,
        repo: ref.repo,
        issue_number: ref.number,
        body: waiverAckBody(ack, commentId),
      });
    }
    waivers.push({ ...waiver, fingerprints });
  }
  return waivers;
}
