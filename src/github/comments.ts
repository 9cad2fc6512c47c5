import type { Octokit } from '@octokit/rest';
import type { PrRef } from '../core/config/parse-pr-ref.js';
import { STICKY_MARKER } from '../core/render/render-sticky-comment.js';
import { isOwnComment, type AppIdentity } from './app-identity.js';
import { isAmbiguous } from './is-ambiguous.js';
import { wrapGitHubError } from './read-pull-request.js';

export interface IssueComment {
  id: number;
  body?: string | undefined;
  user: { login: string; type: string } | null;
  created_at: string;
  updated_at?: string;
  html_url: string;
  performed_via_github_app?: { id: number } | null;
}

/** Every comment of the pull request, oldest first (all pages). */
export async function listComments(octokit: Octokit, ref: PrRef): Promise<IssueComment[]> {
  try {
    return (await octokit.paginate(octokit.rest.issues.listComments, {
      owner: ref.owner,
      repo: ref.repo,
      issue_number: ref.number,
      per_page: 100,
    })) as IssueComment[];
  } catch (error) {
    throw wrapGitHubError('the pull request comments', error);
  }
}

/** Comments a bot wrote: never obeyed as commands. */
export function isBot(comment: Pick<IssueComment, 'user'>): boolean {
  return comment.user?.type === 'Bot' || (comment.user?.login ?? '').endsWith('[bot]');
}

/**
 * This App's sticky comment: written by this App and starting with the marker; the oldest.
 * Without an identity (the Action, whose token writes as a bot it cannot name), any bot's.
 */
export function findStickyComment(
  comments: IssueComment[],
  identity?: AppIdentity,
): IssueComment | null {
  const own = (comment: IssueComment) =>
    identity ? isOwnComment(comment, identity) : isBot(comment);
  return (
    comments.find((comment) => own(comment) && (comment.body ?? '').startsWith(STICKY_MARKER)) ??
    null
  );
}

/**
 * Creates the sticky comment or edits it in place, only when its content changed. A create is
 * never retried blindly: after an ambiguous failure (a 5xx, a cut-off response) the comments
 * are read again, and the comment is created only if it is really not there.
 */
export async function upsertStickyComment(
  octokit: Octokit,
  ref: PrRef,
  existing: IssueComment | null,
  body: string,
  identity?: AppIdentity,
): Promise<'created' | 'updated' | 'unchanged'> {
  const update = async (comment: IssueComment) => {
    if ((comment.body ?? '').trim() === body.trim()) return 'unchanged' as const;
    await octokit.rest.issues.updateComment({
      owner: ref.owner,
      repo: ref.repo,
      comment_id: comment.id,
      body,
    });
    return 'updated' as const;
  };
  if (existing) return update(existing);
  const create = () =>
    octokit.rest.issues.createComment({
      owner: ref.owner,
      repo: ref.repo,
      issue_number: ref.number,
      body,
      request: { retries: 0 },
    });
  try {
    await create();
    return 'created';
  } catch (error) {
    if (!isAmbiguous(error)) throw error;
    const found = findStickyComment(await listComments(octokit, ref), identity);
    if (found) return update(found);
    await create();
    return 'created';
  }
}
