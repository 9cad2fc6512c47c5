import type { Octokit } from '@octokit/rest';
import { githubFileToChange, type GitHubPullFile } from '../core/github-file-to-change.js';
import type { FileChange } from '../core/diff-types.js';
import type { PrRef } from '../core/parse-pr-ref.js';

export interface PullRequestInputs {
  baseRef: string;
  baseSha: string;
  headSha: string;
  htmlBase: string;
  changes: FileChange[];
  notScanned: Array<{ path: string; reason: string }>;
  headPaths: Set<string>;
  /** `.github/readiness.yml` at the base branch, or null when there is none. */
  configText: string | null;
  readAtHead(path: string): Promise<string>;
}

/** Wraps a GitHub failure once, with what was being read. */
function wrap(what: string, error: unknown): Error {
  const status = (error as { status?: number }).status;
  return new Error(
    `GitHub: cannot read ${what}${status ? ` (HTTP ${status})` : ''}: ${(error as Error).message}`,
    { cause: error },
  );
}

async function readFile(
  octokit: Octokit,
  ref: PrRef,
  path: string,
  at: string,
): Promise<string | null> {
  try {
    const { data } = await octokit.rest.repos.getContent({
      owner: ref.owner,
      repo: ref.repo,
      path,
      ref: at,
    });
    if (Array.isArray(data) || data.type !== 'file') return null;
    return Buffer.from((data as { content?: string }).content ?? '', 'base64').toString('utf8');
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw wrap(`${path}@${at.slice(0, 7)}`, error);
  }
}

/**
 * Everything the gate needs from a pull request, read-only: the changed files (every page, up
 * to GitHub's 3,000), the tree at head, and the config from the base branch (a PR cannot
 * weaken its own gate). Independent reads run in parallel.
 */
export async function readPullRequest(octokit: Octokit, ref: PrRef): Promise<PullRequestInputs> {
  let pull;
  try {
    pull = (
      await octokit.rest.pulls.get({ owner: ref.owner, repo: ref.repo, pull_number: ref.number })
    ).data;
  } catch (error) {
    throw wrap(`pull request ${ref.owner}/${ref.repo}#${ref.number}`, error);
  }
  const headSha = pull.head.sha;
  const [files, tree, configText] = await Promise.all([
    octokit
      .paginate(octokit.rest.pulls.listFiles, {
        owner: ref.owner,
        repo: ref.repo,
        pull_number: ref.number,
        per_page: 100,
      })
      .catch((error: unknown) => {
        throw wrap('the changed files', error);
      }),
    octokit.rest.git
      .getTree({ owner: ref.owner, repo: ref.repo, tree_sha: headSha, recursive: 'true' })
      .catch((error: unknown) => {
        throw wrap('the tree at head', error);
      }),
    readFile(octokit, ref, '.github/readiness.yml', pull.base.ref),
  ]);
  const changes: FileChange[] = [];
  const notScanned: Array<{ path: string; reason: string }> = [];
  for (const file of files as GitHubPullFile[]) {
    const { change, patch } = githubFileToChange(file);
    changes.push(change);
    if (!patch)
      notScanned.push({
        path: file.filename,
        reason: 'GitHub sent no patch (binary or too large)',
      });
  }
  if (pull.changed_files > files.length) {
    notScanned.push({
      path: '*',
      reason: `GitHub lists ${files.length} of ${pull.changed_files} changed files; the rest were not scanned`,
    });
  }
  const headPaths = new Set(
    tree.data.tree
      .filter((entry) => entry.type === 'blob' && entry.path)
      .map((entry) => entry.path as string),
  );
  return {
    baseRef: pull.base.ref,
    baseSha: pull.base.sha,
    headSha,
    htmlBase: `${pull.base.repo.html_url}/blob/${headSha}`,
    changes,
    notScanned,
    headPaths,
    configText,
    readAtHead: async (path) => (await readFile(octokit, ref, path, headSha)) ?? '',
  };
}
