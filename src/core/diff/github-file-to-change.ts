import type { FileChange } from './diff-types.js';
import { parseUnifiedDiff } from './parse-unified-diff.js';

/** One entry of GitHub's "list pull request files" response, the fields the gate uses. */
export interface GitHubPullFile {
  filename: string;
  previous_filename?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  patch?: string;
}

const STATUS: Record<GitHubPullFile['status'], FileChange['status']> = {
  added: 'added',
  removed: 'deleted',
  modified: 'modified',
  renamed: 'renamed',
  copied: 'added',
  changed: 'modified',
  unchanged: 'modified',
};

/**
 * Turns GitHub's per-file patch into a file change. GitHub omits `patch` for binary and very
 * large files: those come back with `patch: false` so the caller can report them as not scanned.
 */
export function githubFileToChange(file: GitHubPullFile): { change: FileChange; patch: boolean } {
  const base: FileChange = {
    path: file.filename,
    oldPath: file.previous_filename ?? null,
    status: STATUS[file.status],
    binary: false,
    lines: [],
    content: null,
  };
  if (file.patch === undefined)
    return { change: base, patch: file.status === 'renamed' || file.status === 'removed' };
  const [parsed] = parseUnifiedDiff(
    `diff --git a/${file.filename} b/${file.filename}\n--- a/x\n+++ b/x\n${file.patch}\n`,
  );
  return { change: { ...base, lines: parsed?.lines ?? [] }, patch: true };
}
