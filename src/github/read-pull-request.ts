import type { Octokit } from '@octokit/rest';
import type { PrRef } from '../core/config/parse-pr-ref.js';

export type PullRequestData = Awaited<ReturnType<Octokit['rest']['pulls']['get']>>['data'];

/** Wraps a GitHub failure once, with what was being read. */
export function wrapGitHubError(what: string, error: unknown): Error {
  const status = (error as { status?: number }).status;
  return new Error(
    `GitHub: cannot read ${what}${status ? ` (HTTP ${status})` : ''}: ${(error as Error).message}`,
    { cause: error },
  );
}

/**
 * A file's text at a commit, or null when there is no such file. A file GitHub serves without
 * content (over 1 MB) is an error, never an empty file.
 */
export async function readRepoFile(
  octokit: Octokit,
  owner: string,
  repo: string,
  path: string,
  at: string | undefined,
): Promise<string | null> {
  let data;
  try {
    ({ data } = await octokit.rest.repos.getContent({
      owner,
      repo,
      path,
      ...(at ? { ref: at } : {}),
    }));
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw wrapGitHubError(`${owner}/${repo}:${path}${at ? `@${at.slice(0, 12)}` : ''}`, error);
  }
  if (Array.isArray(data) || data.type !== 'file') return null;
  const file = data as { content?: string; encoding?: string; size?: number };
  // Over 1 MB GitHub sends `encoding: none` and no content: never read that as an empty file.
  if (
    typeof file.content !== 'string' ||
    file.encoding === 'none' ||
    (file.content === '' && (file.size ?? 0) > 0)
  )
    throw new Error(`GitHub: cannot read ${path}: served without content (over 1 MB)`);
  return Buffer.from(file.content, 'base64').toString('utf8');
}

export async function getPullRequest(octokit: Octokit, ref: PrRef): Promise<PullRequestData> {
  try {
    return (
      await octokit.rest.pulls.get({ owner: ref.owner, repo: ref.repo, pull_number: ref.number })
    ).data;
  } catch (error) {
    throw wrapGitHubError(`pull request ${ref.owner}/${ref.repo}#${ref.number}`, error);
  }
}
