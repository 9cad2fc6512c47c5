import type { Octokit } from '@octokit/rest';
import type { PrRef } from '../core/config/parse-pr-ref.js';
import type { FileChange } from '../core/diff/diff-types.js';
import { CONFIG_PATH } from '../core/gate/constants.js';
import type { NotScannedFile } from '../core/gate/gate-snapshot.js';
import { diffTexts } from '../core/diff/diff-texts.js';
import { githubFileToChange, type GitHubPullFile } from '../core/diff/github-file-to-change.js';

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

export interface PullRequestInputs {
  baseRef: string;
  baseSha: string;
  headSha: string;
  htmlBase: string;
  changes: FileChange[];
  notScanned: NotScannedFile[];
  headPaths: Set<string>;
  /** `.github/readiness.yml` at the base branch, or null when there is none. */
  configText: string | null;
  readAtHead(path: string): Promise<string>;
}

/** Files up to this size are fetched and diffed when GitHub sends no patch for them. */
const FALLBACK_MAX_BYTES = 1024 * 1024;

/**
 * The Action's reads of a pull request (the App and `check --pr` use the pull-request source,
 * which compares the base and head SHAs): the changed files (every page, up to GitHub's
 * 3,000), the tree at head, and the config from the base branch. Independent reads run in
 * parallel.
 */
export async function readPullRequest(
  octokit: Octokit,
  ref: PrRef,
  known?: PullRequestData,
): Promise<PullRequestInputs> {
  const pull = known ?? (await getPullRequest(octokit, ref));
  const headSha = pull.head.sha;
  const readAt = (path: string, at: string) => readRepoFile(octokit, ref.owner, ref.repo, path, at);
  const [files, tree, configText] = await Promise.all([
    octokit
      .paginate(octokit.rest.pulls.listFiles, {
        owner: ref.owner,
        repo: ref.repo,
        pull_number: ref.number,
        per_page: 100,
      })
      .catch((error: unknown) => {
        throw wrapGitHubError('the changed files', error);
      }),
    octokit.rest.git
      .getTree({ owner: ref.owner, repo: ref.repo, tree_sha: headSha, recursive: 'true' })
      .catch((error: unknown) => {
        throw wrapGitHubError('the tree at head', error);
      }),
    readAt(CONFIG_PATH, pull.base.ref),
  ]);
  const headPaths = new Set(
    tree.data.tree
      .filter((entry) => entry.type === 'blob' && entry.path)
      .map((entry) => entry.path as string),
  );
  const sizes = new Map(tree.data.tree.map((entry) => [entry.path, entry.size]));
  const changes: FileChange[] = [];
  const notScanned: Array<{ path: string; reason: string }> = [];
  const missing: Array<{ file: GitHubPullFile; change: FileChange }> = [];
  for (const file of files as GitHubPullFile[]) {
    const { change, patch } = githubFileToChange(file);
    changes.push(change);
    if (!patch) missing.push({ file, change });
  }
  // GitHub omits the patch of binary and very large files: diff the blobs ourselves when they
  // are small text files, and report the rest as not scanned, never as passing.
  const readSmall = async (path: string, at: string, size: number | undefined) => {
    if (size !== undefined && size > FALLBACK_MAX_BYTES) return null;
    const text = await readAt(path, at);
    return text !== null && !text.includes('\u0000') && text.length <= FALLBACK_MAX_BYTES
      ? text
      : null;
  };
  await Promise.all(
    missing.map(async ({ file, change }) => {
      const [before, after] = await Promise.all([
        file.status === 'added'
          ? ''
          : readSmall(file.previous_filename ?? file.filename, pull.base.sha, undefined),
        readSmall(file.filename, headSha, sizes.get(file.filename)),
      ]);
      if (before === null || after === null) {
        change.binary = true;
        notScanned.push({
          path: file.filename,
          reason: 'GitHub sent no patch and the file is binary or larger than 1 MB',
        });
      } else {
        change.lines = diffTexts(before, after);
        change.content = after;
      }
    }),
  );
  if (tree.data.truncated) {
    notScanned.push({
      path: '*',
      reason:
        'the repository tree is too large for one listing: checklist discovery and companion files may be incomplete',
    });
  }
  if (pull.changed_files > files.length) {
    notScanned.push({
      path: '*',
      reason: `GitHub lists ${files.length} of ${pull.changed_files} changed files; the rest were not scanned`,
    });
  }
  return {
    baseRef: pull.base.ref,
    baseSha: pull.base.sha,
    headSha,
    htmlBase: `${pull.base.repo.html_url}/blob/${headSha}`,
    changes,
    notScanned,
    headPaths,
    configText,
    readAtHead: async (path) => (await readAt(path, headSha)) ?? '',
  };
}
