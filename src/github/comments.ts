import type { Octokit } from '@octokit/rest';
import type { PrRef } from '../core/config/parse-pr-ref.js';
import { STICKY_MARKER } from '../core/render/render-sticky-comment.js';
import { wrapGitHubError } from './read-pull-request.js';

export interface IssueComment {
  id: number;
  body?: string | undefined;
  user: { login: string; type: string } | null;
  created_at: string;
  html_url: string;
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

/** Comments a bot wrote: never commands, and the only ones trusted to carry our markers. */
export function isBot(comment: Pick<IssueComment, 'user'>): boolean {
  return comment.user?.type === 'Bot' || (comment.user?.login ?? '').endsWith('[bot]');
}

export function findStickyComment(comments: IssueComment[]): IssueComment | null {
  return (
    comments.find((comment) => isBot(comment) && (comment.body ?? '').includes(STICKY_MARKER)) ??
    null
  );
}

/** Creates the sticky comment, or edits it in place, and only when its content changed. */
export async function upsertStickyComment(
  octokit: Octokit,
  ref: PrRef,
  existing: IssueComment | null,
  body: string,
): Promise<'created' | 'updated' | 'unchanged'> {
  if (existing && (existing.body ?? '').trim() === body.trim()) return 'unchanged';
  if (existing) {
    await octokit.rest.issues.updateComment({
      owner: ref.owner,
      repo: ref.repo,
      comment_id: existing.id,
      body,
    });
    return 'updated';
  }
  await octokit.rest.issues.createComment({
    owner: ref.owner,
    repo: ref.repo,
    issue_number: ref.number,
    body,
  });
  return 'created';
}
