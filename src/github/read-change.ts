import type { Octokit } from '@octokit/rest';
import { diffTexts } from '../core/diff/diff-texts.js';
import type { FileChange } from '../core/diff/diff-types.js';
import { githubFileToChange, type GitHubPullFile } from '../core/diff/github-file-to-change.js';
import type { NotScannedFile } from '../core/gate/gate-snapshot.js';
import { readRepoFile, wrapGitHubError } from './read-pull-request.js';

type Repo = { owner: string; repo: string };

/** GitHub lists at most this many files in a comparison. */
export const COMPARE_FILE_LIMIT = 300;
/** Files up to this size are fetched and diffed when GitHub sends no patch for them. */
const FALLBACK_MAX_BYTES = 1024 * 1024;
/** At most this many patchless files are fetched per evaluation; the rest are listed. */
const FALLBACK_MAX_FILES = 20;
const BINARY =
  /\.(png|jpe?g|gif|webp|ico|bmp|tiff?|pdf|zip|gz|tgz|bz2|xz|7z|rar|jar|war|class|so|dylib|dll|exe|bin|woff2?|ttf|otf|eot|mp[34]|mov|avi|wasm|psd)$/i;

/** The changed files between two commits (three-dot: from their merge base), one request. */
export async function readCompareFiles(
  octokit: Octokit,
  repo: Repo,
  baseSha: string,
  headSha: string,
): Promise<GitHubPullFile[]> {
  try {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      ...repo,
      basehead: `${baseSha}...${headSha}`,
      per_page: 1,
    });
    // A comparison too large for GitHub comes without its file list: never read that as "none".
    if (!Array.isArray(data.files)) throw new Error('GitHub sent the comparison without its files');
    return data.files as GitHubPullFile[];
  } catch (error) {
    throw wrapGitHubError('the changed files', error);
  }
}

export interface HeadTree {
  paths: string[];
  sizes: Map<string, number | undefined>;
  truncated: boolean;
}

export async function readHeadTree(octokit: Octokit, repo: Repo, sha: string): Promise<HeadTree> {
  try {
    const { data } = await octokit.rest.git.getTree({ ...repo, tree_sha: sha, recursive: 'true' });
    const blobs = data.tree.filter((entry) => entry.type === 'blob' && entry.path);
    return {
      paths: blobs.map((entry) => entry.path as string),
      sizes: new Map(blobs.map((entry) => [entry.path as string, entry.size])),
      truncated: data.truncated,
    };
  } catch (error) {
    throw wrapGitHubError('the tree at head', error);
  }
}

export interface ChangeRead {
  changes: FileChange[];
  notScanned: NotScannedFile[];
  unreadable: string[];
}

/**
 * Turns listed files into changes. GitHub omits the patch of binary and large files: small
 * text files among them are fetched at both commits and diffed; every other one is listed as
 * not scanned — never dropped, never passed silently.
 */
export async function completeChange(
  octokit: Octokit,
  repo: Repo,
  files: GitHubPullFile[],
  at: { baseSha: string; headSha: string; sizes: Map<string, number | undefined> | null },
): Promise<ChangeRead> {
  const changes: FileChange[] = [];
  const notScanned: NotScannedFile[] = [];
  const unreadable: string[] = [];
  const missing: Array<{ file: GitHubPullFile; change: FileChange }> = [];
  for (const file of files) {
    const { change, patch } = githubFileToChange(file);
    changes.push(change);
    if (patch) continue;
    const size = at.sizes?.get(file.filename);
    if (BINARY.test(file.filename)) {
      change.binary = true;
      notScanned.push({ path: file.filename, reason: 'binary file', kind: 'binary' });
    } else if (
      (size !== undefined && size > FALLBACK_MAX_BYTES) ||
      missing.length >= FALLBACK_MAX_FILES
    ) {
      change.binary = true;
      notScanned.push({
        path: file.filename,
        reason: 'GitHub sent no patch and the file is too large to diff here',
        kind: 'text',
      });
    } else missing.push({ file, change });
  }
  const readSmall = async (path: string, sha: string) => {
    const text = await readRepoFile(octokit, repo.owner, repo.repo, path, sha);
    if (text === null) return '';
    return text.includes('\u0000') || text.length > FALLBACK_MAX_BYTES ? null : text;
  };
  await Promise.all(
    missing.map(async ({ file, change }) => {
      try {
        const [before, after] = await Promise.all([
          file.status === 'added'
            ? ''
            : readSmall(file.previous_filename ?? file.filename, at.baseSha),
          readSmall(file.filename, at.headSha),
        ]);
        if (before === null || after === null) {
          change.binary = true;
          notScanned.push({
            path: file.filename,
            reason: 'GitHub sent no patch and the file is binary',
            kind: 'binary',
          });
        } else {
          change.lines = diffTexts(before, after);
          change.content = after;
        }
      } catch {
        unreadable.push(`the file ${file.filename}`);
      }
    }),
  );
  return { changes, notScanned, unreadable };
}
