import { ALWAYS_IGNORED } from '../core/checklist/default-checklist-globs.js';
import { compileGlobs } from '../core/rules/compile-glob.js';
import { escapeTerminal } from '../core/render/escape-markdown.js';
import type { RepositoryEntry } from '../core/gate/gate-snapshot.js';
import type { Rule } from '../core/rules/rule-types.js';
import { CliError } from './cli-error.js';
import { decodeText } from './decode-text.js';
import { iterateBlobs } from './read-blobs.js';
import { readWorktreeFile } from './read-worktree-file.js';

/** A file of the repository larger than this is not read for evidence (bundles, dumps). */
export const MAX_EVIDENCE_FILE_BYTES = 1024 * 1024;
/** At most this much text of the repository is read for evidence; the rest is said unread. */
export const MAX_EVIDENCE_TOTAL_BYTES = 256 * 1024 * 1024;

export interface RepositoryLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
}

const LIMITS: RepositoryLimits = {
  maxFileBytes: MAX_EVIDENCE_FILE_BYTES,
  maxTotalBytes: MAX_EVIDENCE_TOTAL_BYTES,
};

/** The text files of the tree at head, and why it is only part of them when it is. */
export interface RepositoryFiles {
  files: Array<{ path: string; text: string }>;
  truncated: boolean;
  /** Why the read is partial, for standard error. */
  reasons: string[];
}

// Large files of these kinds are binaries: skipping them unread hides no text from the rules.
const BINARY_NAME =
  /\.(?:png|jpe?g|gif|webp|ico|bmp|tiff?|pdf|zip|gz|tgz|bz2|xz|7z|rar|jar|war|woff2?|ttf|otf|eot|mp[34]|mov|avi|webm|wav|ogg|flac|wasm|so|dylib|dll|exe|bin|class|pyc|o|a|psd|sqlite|db)$/i;

/**
 * Which paths the evidence scan needs: those at least one of `rules` looks at (its
 * `paths.include` and `exclude`, matched as `evaluateRules` does), outside the config's
 * `ignore` and the always-ignored folders (`node_modules/`, `.git/`).
 */
export function createEvidencePathFilter(
  rules: readonly Rule[],
  ignore: readonly string[],
): (path: string) => boolean {
  // compileGlobs' default options are the rules' own (`dot`, and `*` across newlines).
  const ignored = compileGlobs([...ALWAYS_IGNORED, ...ignore]);
  const scopes = rules.map((rule) => ({
    include: compileGlobs(rule.paths.include),
    exclude: compileGlobs(rule.paths.exclude),
  }));
  return (path) =>
    !ignored(path) && scopes.some((scope) => scope.include(path) && !scope.exclude(path));
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The first few paths, for standard error: a path's control characters cannot reach the terminal. */
function listed(paths: string[]): string {
  const shown = paths
    .slice(0, 3)
    .map((path) => escapeTerminal(path))
    .join(', ');
  return paths.length > 3 ? `${shown}, … ${paths.length - 3} more` : shown;
}

/** Collects files in path order under the limits, and says what the limits left out. */
class Collector {
  readonly files: Array<{ path: string; text: string }> = [];
  readonly oversize: string[] = [];
  readonly overTotal: string[] = [];
  total = 0;

  constructor(readonly limits: RepositoryLimits) {}

  /** Whether a file of `size` bytes is to be read; records it when it is not. */
  admit(path: string, size: number): boolean {
    if (size > this.limits.maxFileBytes) {
      if (!BINARY_NAME.test(path)) this.oversize.push(path);
      return false;
    }
    if (this.total + size > this.limits.maxTotalBytes) {
      this.overTotal.push(path);
      return false;
    }
    this.total += size;
    return true;
  }

  result(): RepositoryFiles {
    const reasons: string[] = [];
    if (this.oversize.length > 0)
      reasons.push(
        `${this.oversize.length} file(s) over the ${megabytes(this.limits.maxFileBytes)} limit per file were not read for evidence (${listed(this.oversize)})`,
      );
    if (this.overTotal.length > 0)
      reasons.push(
        `the repository was read for evidence up to the ${megabytes(this.limits.maxTotalBytes)} limit; ${this.overTotal.length} file(s) were not read (${listed(this.overTotal)})`,
      );
    this.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { files: this.files, truncated: reasons.length > 0, reasons };
  }
}

/** The text files of the tree at head as they are read, and why it is only part of them. */
export interface RepositoryStream {
  /**
   * The files, read when iterated; a path of `shownWhole` (its text at head was in the change
   * already) comes as `{ path, text: null }`, unread.
   */
  files: (shownWhole: ReadonlySet<string>) => AsyncIterable<RepositoryEntry>;
  truncated: boolean;
  reasons: string[];
}

/**
 * The text files among `entries` (regular files of the tree at head, with their object ids and
 * sizes) in path order, read through one `git cat-file --batch` by object id as the consumer
 * pulls them: one file is held at a time. Sizes from the tree settle the limits before anything
 * is read (so the reasons are known up front); files holding NUL bytes are binaries, skipped.
 */
export function streamRepositoryBlobs(
  root: string,
  entries: ReadonlyArray<{ path: string; id: string; size: number }>,
  limits: RepositoryLimits = LIMITS,
): RepositoryStream {
  const collector = new Collector(limits);
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // Limits count every admitted file, read or not, so the same tree is always cut the same way.
  const admitted = sorted.filter((entry) => collector.admit(entry.path, entry.size));
  const { truncated, reasons } = collector.result();
  async function* files(shownWhole: ReadonlySet<string>): AsyncGenerator<RepositoryEntry> {
    const blobs = iterateBlobs(
      root,
      admitted.filter((entry) => !shownWhole.has(entry.path)).map((entry) => entry.id),
      limits.maxFileBytes,
    );
    try {
      for (const entry of admitted) {
        if (shownWhole.has(entry.path)) {
          yield { path: entry.path, text: null };
          continue;
        }
        const next = await blobs.next();
        if (next.done)
          throw new CliError(`git cat-file ended before ${escapeTerminal(entry.path)} was read`);
        if (!next.value.result.ok) continue;
        const text = decodeText(next.value.result.bytes);
        if (text !== null) yield { path: entry.path, text };
      }
    } finally {
      await blobs.return(undefined);
    }
  }
  return { files, truncated, reasons };
}

/**
 * The text files among `paths` in the working tree, never following a symbolic link (as
 * `readWorktreeFile`). A few reads run ahead, but files are admitted under the limits in path
 * order, so the same tree always gives the same files; binaries (NUL bytes) are skipped.
 */
export async function readRepositoryWorktree(
  root: string,
  paths: readonly string[],
  limits: RepositoryLimits = LIMITS,
): Promise<RepositoryFiles> {
  const collector = new Collector(limits);
  const sorted = [...paths].sort();
  const AHEAD = 8;
  const pending = new Map<number, ReturnType<typeof readWorktreeFile>>();
  let scheduled = 0;
  for (let at = 0; at < sorted.length; at++) {
    for (; scheduled < sorted.length && scheduled < at + AHEAD; scheduled++) {
      const read = readWorktreeFile(root, sorted[scheduled] as string, limits.maxFileBytes);
      // A failed read surfaces when its turn comes; until then it must not go unhandled.
      read.catch(() => {});
      pending.set(scheduled, read);
    }
    const path = sorted[at] as string;
    const result = await (pending.get(at) as ReturnType<typeof readWorktreeFile>);
    pending.delete(at);
    if (!result.ok) {
      if (result.reason === 'too large') collector.admit(path, result.size ?? Infinity);
      continue;
    }
    const text = decodeText(result.bytes);
    if (text !== null && collector.admit(path, result.bytes.length))
      collector.files.push({ path, text });
  }
  return collector.result();
}
