import { createHash } from 'node:crypto';
import type { WaiverClaim } from '../core/gate/gate-snapshot.js';
import type { Waiver } from '../core/waivers/apply-waivers.js';
import { parseSlashCommands, type SlashCommand } from '../core/waivers/parse-slash-commands.js';
import { isOwnComment, type AppIdentity } from './app-identity.js';
import { isBot, type IssueComment } from './comments.js';

/** What this App recorded when it acknowledged a waiver command. */
export interface WaiverAck {
  ackCommentId: number;
  fingerprints: string[];
  /** The waiver's rule, path and reason when acknowledged: an edit makes it stale. */
  digest: string | null;
}

const ACK = /<!-- readiness-gate:waiver (\{[^<>\n]{0,20000}\}) -->/g;

export function waiverDigest(waiver: Pick<Waiver, 'rule' | 'path' | 'reason'>): string {
  return createHash('sha256')
    .update(`${waiver.rule}\u0000${waiver.path ?? ''}\u0000${waiver.reason}`)
    .digest('hex')
    .slice(0, 16);
}

/** User text shown in a reply: one line, no HTML, no mentions, no code-span breakout, capped. */
export function quoteUserText(text: string, limit = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const capped = line.length > limit ? `${line.slice(0, limit)}…` : line;
  return capped
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`/g, "'")
    .replace(/@/g, '@\u200b');
}

export function waiverAckBody(waiver: Waiver, commentId: number): string {
  const count = waiver.fingerprints.length;
  const where = waiver.path ? ` in ${quoteUserText(waiver.path, 120)}` : '';
  return [
    `✅ Waived \`${waiver.rule}\`${where} for ${count} finding${count === 1 ? '' : 's'} — “${quoteUserText(waiver.reason)}” (by ${quoteUserText(`@${waiver.by}`, 60)}).`,
    'The waiver lapses when a later push changes the waived finding, or when its comment is edited.',
    `<!-- readiness-gate:waiver ${JSON.stringify({ comment: commentId, fingerprints: waiver.fingerprints, digest: waiverDigest(waiver) })} -->`,
  ].join('\n');
}

/** Acknowledgements, trusted only from this App's own comments (the last marker of each). */
export function readAcks(comments: IssueComment[], identity: AppIdentity): Map<number, WaiverAck> {
  const acks = new Map<number, WaiverAck>();
  for (const comment of comments) {
    if (!isOwnComment(comment, identity)) continue;
    const matches = [...(comment.body ?? '').matchAll(ACK)];
    const last = matches.at(-1);
    if (!last) continue;
    try {
      const data = JSON.parse(last[1] as string) as {
        comment: unknown;
        fingerprints: unknown;
        digest?: unknown;
      };
      if (typeof data.comment !== 'number' || !Array.isArray(data.fingerprints)) continue;
      acks.set(data.comment, {
        ackCommentId: comment.id,
        fingerprints: data.fingerprints.filter((f): f is string => typeof f === 'string'),
        digest: typeof data.digest === 'string' ? data.digest : null,
      });
    } catch {
      // An unreadable acknowledgement is no acknowledgement: the waiver is acknowledged again.
    }
  }
  return acks;
}

export interface WaiverCommand {
  comment: IssueComment;
  command: Extract<SlashCommand, { name: 'waive' | 'unwaive' }>;
}

/** `/readiness waive|unwaive` commands from people (never bots), oldest first. */
export function waiverCommands(comments: IssueComment[]): WaiverCommand[] {
  const found: WaiverCommand[] = [];
  for (const comment of comments) {
    if (isBot(comment) || !comment.user) continue;
    for (const command of parseSlashCommands(comment.body ?? ''))
      if (command.name === 'waive' || command.name === 'unwaive') found.push({ comment, command });
  }
  return found;
}

/**
 * The waivers in force: commands from writers (the PR's author only when the config allows
 * it), later ones overriding earlier ones, each with the fingerprints its acknowledgement
 * recorded — or none yet, when never acknowledged or edited since.
 */
export function buildWaiverClaims(
  commands: WaiverCommand[],
  context: {
    rules: Set<string>;
    canWrite: Map<string, boolean>;
    prAuthor: string | null;
    allowAuthor: boolean;
    acks: Map<number, WaiverAck>;
  },
): WaiverClaim[] {
  const active = new Map<string, WaiverClaim>();
  for (const { comment, command } of commands) {
    const login = comment.user?.login ?? '';
    if (!command.rule || !context.rules.has(command.rule)) continue;
    if (context.canWrite.get(login) !== true) continue;
    if (!context.allowAuthor && context.prAuthor !== null && login === context.prAuthor) continue;
    const key = `${command.rule}\u0000${command.path ?? ''}`;
    if (command.name === 'unwaive') {
      for (const existing of [...active.keys()])
        if (
          existing === key ||
          (command.path === null && existing.startsWith(`${command.rule}\u0000`))
        )
          active.delete(existing);
      continue;
    }
    if (!command.reason) continue;
    const waiver = { rule: command.rule, path: command.path, reason: command.reason };
    const ack = context.acks.get(comment.id);
    const current = ack && (ack.digest === null || ack.digest === waiverDigest(waiver));
    active.set(key, {
      ...waiver,
      by: login,
      at: comment.updated_at ?? comment.created_at,
      commentUrl: comment.html_url,
      commentId: comment.id,
      fingerprints: current ? ack.fingerprints : null,
    });
  }
  return [...active.values()];
}
