import type { Octokit } from '@octokit/rest';
import { diffTexts } from '../core/diff/diff-texts.js';
import type { FileChange } from '../core/diff/diff-types.js';
import { githubFileToChange, type GitHubPullFile } from '../core/diff/github-file-to-change.js';
import type { NotScannedFile } from '../core/gate/gate-snapshot.js';
import { compileGlobs } from '../core/rules/compile-glob.js';
import { CHECKS } from '../checks/index.js';
import { parseChecklist } from '../core/checklist/parse-checklist.js';
import type { GateConfig } from '../core/config/config-types.js';
import { CLAIM_CONTRADICTED } from '../core/evidence/evidence-types.js';
import { linkItemsToRules } from '../core/evidence/link-items-to-rules.js';
import { selectChecklistPaths } from '../core/gate/run-gate.js';
import { CONFIG_PATH } from '../core/gate/constants.js';
import type { Rule, ValidationError } from '../core/rules/rule-types.js';
import { readRepoFile, wrapGitHubError } from './read-pull-request.js';
import { readRepositoryTarball } from './read-tarball.js';

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

type Text = { path: string; text: string };

/** Whether the repository at head is needed: a done item linked to a rule, or config links. */
export function needsRepository(config: GateConfig, rules: Rule[], checklists: Text[]): boolean {
  if (!rules.some((rule) => rule.id === CLAIM_CONTRADICTED)) return false;
  if (Object.keys(config.evidence ?? {}).length > 0) return true;
  const checkable = rules.filter(
    (rule) => rule.check.kind !== 'gate-evidence' && CHECKS.has(rule.check.kind),
  );
  const options = {
    ...(config.phasePattern ? { phasePattern: config.phasePattern } : {}),
    ...(config.outOfScope ? { outOfScopeTitles: config.outOfScope } : {}),
  };
  const items = checklists.flatMap(
    ({ path, text }) => parseChecklist(text, path, options).document.items,
  );
  return linkItemsToRules(items, checkable).links.size > 0;
}

/** Paths a change touches at the base: modified, removed, and renamed from. */
function touchedAtBase(files: GitHubPullFile[]): Set<string> {
  const touched = new Set<string>();
  for (const file of files) {
    if (file.status !== 'added') touched.add(file.filename);
    if (file.previous_filename) touched.add(file.previous_filename);
  }
  return touched;
}

/** The paths at the base, from the paths at head and the change. */
function basePathsOf(headPaths: string[], files: GitHubPullFile[]): string[] {
  const added = new Set(
    files
      .filter((file) => file.status === 'added' || file.previous_filename)
      .map((file) => file.filename),
  );
  const paths = new Set(headPaths.filter((path) => !added.has(path)));
  for (const file of files) {
    if (file.status === 'removed') paths.add(file.filename);
    if (file.previous_filename) paths.add(file.previous_filename);
  }
  return [...paths];
}

export interface DocumentsInput {
  baseSha: string;
  headSha: string;
  /** Every path at head; null when the tree could not be read. */
  headPaths: string[] | null;
  /** The changed files; null when they could not be read (the base is then not compared). */
  files: GitHubPullFile[] | null;
  /** The base branch's own config (before `_extends`): what can be read right away. */
  config: GateConfig;
  /** The config with `_extends` followed, and its effective rules (read in parallel). */
  merged: Promise<{ config: GateConfig; rules: Rule[] }>;
}

export interface DocumentsRead {
  checklists: Text[];
  baseChecklists?: Text[];
  repository?: { files: Text[]; truncated: boolean; reasons?: string[] };
  unreadable: string[];
}

/**
 * The readiness documents at head and at base, and the repository at head for claims. The
 * head tree comes in one tarball request, started with the other reads: the documents are
 * taken from it, and once they are read the rest is kept only when a done item is linked to a
 * rule (else the download stops). Documents at base are read only where the change touches
 * them (elsewhere they equal head). What `_extends` adds is read after, by path.
 */
export async function readGatedDocuments(
  octokit: Octokit,
  repo: Repo,
  input: DocumentsInput,
): Promise<DocumentsRead> {
  const unreadable: string[] = [];
  const headPaths = input.headPaths ?? [];
  const local = selectChecklistPaths(input.config, headPaths);
  const touched = input.files ? touchedAtBase(input.files) : null;
  const basePaths = input.files && input.headPaths ? basePathsOf(headPaths, input.files) : null;
  const readAtBase = async (path: string): Promise<Text | null> => {
    try {
      const text = await readRepoFile(octokit, repo.owner, repo.repo, path, input.baseSha);
      return text === null ? null : { path, text };
    } catch {
      unreadable.push(`the checklist ${path} at base`);
      return null;
    }
  };
  const localBase = basePaths
    ? selectChecklistPaths(input.config, basePaths).filter((path) => touched?.has(path))
    : [];
  const ignored = compileGlobs(input.config.ignore, { dot: true });
  const mayClaim = local.length > 0 || input.config.extends !== null;
  const [tarball, baseRead, merged] = await Promise.all([
    mayClaim
      ? readRepositoryTarball(octokit, repo, input.headSha, {
          wanted: new Set(local),
          ignore: (path) => ignored(path),
          keepReading: async (found) => {
            const { config, rules } = await input.merged;
            // Documents `_extends` adds are not in `found`: read on to judge them too.
            if (selectChecklistPaths(config, headPaths).some((path) => !local.includes(path)))
              return true;
            return needsRepository(config, rules, found);
          },
        }).then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        )
      : null,
    Promise.all(localBase.map(readAtBase)),
    input.merged,
  ]);

  const selected = selectChecklistPaths(merged.config, headPaths);
  const fromTarball = new Map(
    tarball?.ok ? tarball.value.files.map((file) => [file.path, file.text]) : [],
  );
  const baseSelected = basePaths ? selectChecklistPaths(merged.config, basePaths) : null;
  const moreBase = (baseSelected ?? []).filter(
    (path) => touched?.has(path) && !localBase.includes(path),
  );
  const [headRead, moreBaseRead] = await Promise.all([
    Promise.all(
      selected.map(async (path): Promise<Text | null> => {
        const text = fromTarball.get(path);
        if (text !== undefined) return { path, text };
        try {
          const read = await readRepoFile(octokit, repo.owner, repo.repo, path, input.headSha);
          if (read === null) throw new Error('missing');
          return { path, text: read };
        } catch {
          unreadable.push(`the checklist ${path}`);
          return null;
        }
      }),
    ),
    Promise.all(moreBase.map(readAtBase)),
  ]);
  const checklists = headRead.filter((read): read is Text => read !== null);
  const atBase = new Map(
    [...baseRead, ...moreBaseRead]
      .filter((read): read is Text => read !== null)
      .map((read) => [read.path, read.text]),
  );
  const atHead = new Map(checklists.map((read) => [read.path, read.text]));
  const baseChecklists = baseSelected?.flatMap((path) => {
    // An untouched document is the same blob at base and head.
    const text = touched?.has(path) ? atBase.get(path) : atHead.get(path);
    return text === undefined ? [] : [{ path, text }];
  });

  const result: DocumentsRead = {
    checklists,
    ...(baseChecklists ? { baseChecklists } : {}),
    unreadable,
  };
  const needed = () => needsRepository(merged.config, merged.rules, checklists);
  if (!mayClaim && input.headPaths) {
    // No readiness document at head: no claim to check.
    result.repository = { files: [], truncated: false };
  } else if (tarball?.ok && !(tarball.value.stopped && needed())) {
    const { files, truncated, reasons, stopped } = tarball.value;
    // Stopped early: no done item is linked to a rule, so there is nothing to check it for.
    result.repository = stopped
      ? { files: [], truncated: false }
      : { files, truncated, ...(truncated ? { reasons } : {}) };
  } else if (needed()) {
    unreadable.push('the repository at head (to check the claims of the readiness documents)');
  }
  return result;
}

/**
 * Config errors under the path the config was read from: the Action's `config-path` input
 * names another file than `.github/readiness.yml`. A named file that is absent is an error
 * (a workflow names it on purpose), never a silent fall back to the defaults.
 */
export function atConfigPath(
  errors: ValidationError[],
  configPath: string,
  missing: boolean,
): ValidationError[] {
  if (configPath === CONFIG_PATH) return errors;
  const moved = errors.map((error) =>
    error.path === CONFIG_PATH ? { ...error, path: configPath } : error,
  );
  if (missing)
    moved.unshift({
      path: configPath,
      line: 1,
      column: 1,
      message:
        'Unexpected missing config, expected the file the `config-path` input names on the base branch',
    });
  return moved;
}
