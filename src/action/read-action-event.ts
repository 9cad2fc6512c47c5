import { readFile, stat } from 'node:fs/promises';
import { parseSlashCommands } from '../core/waivers/parse-slash-commands.js';

/** What the Action evaluates: a pull request, a merge queue's group, or nothing (and why). */
export type ActionEvent =
  | {
      kind: 'pull_request';
      event: string;
      owner: string;
      repo: string;
      number: number;
      /** From the payload; null for a comment (the source reads the pull request). */
      headSha: string | null;
    }
  | {
      kind: 'merge_group';
      event: 'merge_group';
      owner: string;
      repo: string;
      /** `head_ref` names the queued pull request (`…/pr-<N>-<sha>`), whose waivers count. */
      mergeGroup: { base_sha: string; head_sha: string; base_ref: string; head_ref?: string };
      headSha: string;
    }
  | { kind: 'ignored'; event: string; reason: string };

export const SUPPORTED_EVENTS = [
  'pull_request',
  'pull_request_target',
  'merge_group',
  'issue_comment',
] as const;

/** Webhook payloads are a few hundred kB at most; anything far larger is not one. */
const MAX_EVENT_BYTES = 25 * 1024 * 1024;

type Json = Record<string, unknown>;

function field(payload: unknown, path: string[], what: string): unknown {
  let node: unknown = payload;
  for (const key of path) {
    if (node === null || typeof node !== 'object') {
      node = undefined;
      break;
    }
    node = (node as Json)[key];
  }
  if (node === undefined || node === null)
    throw new Error(
      `Unexpected ${what} payload without \`${path.join('.')}\`, expected GitHub's webhook payload`,
    );
  return node;
}

function text(payload: unknown, path: string[], what: string): string {
  const value = field(payload, path, what);
  if (typeof value !== 'string' || value === '')
    throw new Error(`Unexpected \`${path.join('.')}\` in the ${what} payload, expected a string`);
  return value;
}

function integer(payload: unknown, path: string[], what: string): number {
  const value = field(payload, path, what);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
    throw new Error(`Unexpected \`${path.join('.')}\` in the ${what} payload, expected a number`);
  return value;
}

function repository(payload: unknown, what: string): { owner: string; repo: string } {
  return {
    owner: text(payload, ['repository', 'owner', 'login'], what),
    repo: text(payload, ['repository', 'name'], what),
  };
}

/** `pull_request` activity types that change what the gate sees; the rest are no-ops. */
const PULL_REQUEST_ACTIONS = new Set([
  'opened',
  'synchronize',
  'reopened',
  'ready_for_review',
  'edited',
]);

/**
 * An Actions event as the gate's target. Reads only the payload: nothing from the pull
 * request's branch is checked out or run, so `pull_request_target` stays safe on forks.
 */
export function parseActionEvent(eventName: string, payload: unknown): ActionEvent {
  switch (eventName) {
    case 'pull_request':
    case 'pull_request_target': {
      const action = text(payload, ['action'], eventName);
      if (!PULL_REQUEST_ACTIONS.has(action))
        return { kind: 'ignored', event: eventName, reason: `\`${action}\` changes nothing` };
      return {
        kind: 'pull_request',
        event: eventName,
        ...repository(payload, eventName),
        number: integer(payload, ['pull_request', 'number'], eventName),
        headSha: text(payload, ['pull_request', 'head', 'sha'], eventName),
      };
    }
    case 'merge_group': {
      const action = text(payload, ['action'], eventName);
      if (action !== 'checks_requested')
        return { kind: 'ignored', event: eventName, reason: `\`${action}\` requests no check` };
      const group = {
        base_sha: text(payload, ['merge_group', 'base_sha'], eventName),
        head_sha: text(payload, ['merge_group', 'head_sha'], eventName),
        base_ref: text(payload, ['merge_group', 'base_ref'], eventName),
        ...(typeof (payload as { merge_group?: { head_ref?: unknown } }).merge_group?.head_ref ===
        'string'
          ? { head_ref: (payload as { merge_group: { head_ref: string } }).merge_group.head_ref }
          : {}),
      };
      return {
        kind: 'merge_group',
        event: 'merge_group',
        ...repository(payload, eventName),
        mergeGroup: group,
        headSha: group.head_sha,
      };
    }
    case 'issue_comment': {
      const ignored = (reason: string): ActionEvent => ({
        kind: 'ignored',
        event: eventName,
        reason,
      });
      if (text(payload, ['action'], eventName) !== 'created')
        return ignored('only a new comment can carry a command');
      const issue = field(payload, ['issue'], eventName) as Json;
      if (!issue.pull_request) return ignored('the comment is on an issue, not a pull request');
      const user = field(payload, ['comment', 'user'], eventName) as Json;
      if (user.type === 'Bot') return ignored('comments by bots are never commands');
      const body = (field(payload, ['comment'], eventName) as Json).body;
      if (typeof body !== 'string' || parseSlashCommands(body).length === 0)
        return ignored('the comment has no `/readiness` command');
      return {
        kind: 'pull_request',
        event: eventName,
        ...repository(payload, eventName),
        number: integer(payload, ['issue', 'number'], eventName),
        headSha: null,
      };
    }
    default:
      throw new Error(
        `Unexpected event \`${eventName || '(none)'}\`, expected one of ${SUPPORTED_EVENTS.join(', ')} (a comment on a pull request): add one of them to the workflow's \`on:\``,
      );
  }
}

/** `GITHUB_EVENT_NAME` and the JSON payload at `GITHUB_EVENT_PATH`, parsed. */
export async function readActionEvent(
  env: Record<string, string | undefined>,
): Promise<ActionEvent> {
  const name = env.GITHUB_EVENT_NAME ?? '';
  // An unsupported event is the likelier mistake: name it before reading anything.
  if (!(SUPPORTED_EVENTS as readonly string[]).includes(name)) return parseActionEvent(name, null);
  const path = env.GITHUB_EVENT_PATH;
  if (!path)
    throw new Error(
      'Unexpected environment without GITHUB_EVENT_PATH, expected to run inside GitHub Actions',
    );
  let raw: string;
  try {
    const { size } = await stat(path);
    if (size > MAX_EVENT_BYTES)
      throw new Error(`${size} bytes, expected at most ${MAX_EVENT_BYTES}`);
    raw = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the event payload ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch (error) {
    throw new Error(`Unexpected event payload in ${path}, expected JSON`, { cause: error });
  }
  return parseActionEvent(name, payload);
}
