import { copyFile, mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { FileChange } from '../core/diff/diff-types.js';
import type { GateSnapshot, NotScannedFile } from '../core/gate/gate-snapshot.js';
import { selectChecklistPaths } from '../core/gate/run-gate.js';
import { escapeTerminal } from '../core/render/escape-markdown.js';
import { CliError } from './cli-error.js';
import { createPatchParser, type PatchSection } from './create-patch-parser.js';
import { decodeText } from './decode-text.js';
import { createRecordSplitter, iterateGit, readGit, streamGit, tryReadGit } from './git.js';
import { describeExtends } from './describe-extends.js';
import { CONFIG_PATH } from '../core/gate/constants.js';
import type { ValidationError } from '../core/rules/rule-types.js';
import { loadGateSetupLazily, setupLazily } from './load-gate-setup-lazily.js';
import type { GateSetup } from './load-gate-setup.js';
import { MAX_CHECKLIST_BYTES, MAX_PATCH_BYTES, MAX_SCANNED_BYTES } from './limits.js';
import { deriveBaseTree, type TreeEntry } from './derive-base-tree.js';
import { parseGitRaw, type RawEntry } from './parse-git-raw.js';
import { quoteGitPath } from './quote-git-path.js';
import { iterateBlobs, readBlobs, type BlobResult } from './read-blobs.js';
import { readWorktreeFile } from './read-worktree-file.js';
import {
  createEvidencePathFilter,
  streamRepositoryBlobs,
  readRepositoryWorktree,
} from './read-repository-files.js';
import { selectEvidenceRules } from './select-evidence-rules.js';

/** `--head WORKTREE`: the working tree, with uncommitted and untracked files. */
export const WORKTREE = 'WORKTREE';

export interface GitSourceOptions {
  repo: string;
  base?: string;
  head?: string;
  phase?: number;
  config?: string;
  /** Called with a short line at each stage, for a progress display. */
  onProgress?: (message: string) => void;
}

/** What the local source judged, for the report (`base`, `head` in the JSON output). */
export interface LocalRevisions {
  base: { ref: string; mergeBase: string };
  head: string;
}

/** Notes for standard error (a config whose `_extends` the CLI cannot follow). */
export type LocalSnapshot = GateSnapshot & { revisions: LocalRevisions; warnings: string[] };

export interface LocalSource {
  read(): Promise<LocalSnapshot>;
}

const REGULAR = new Set(['100644', '100755']);
const SUBMODULE = '160000';
const SYMLINK = '120000';
const COMMON_DIFF = ['--no-color', '--no-ext-diff', '--no-textconv', '-M'];
const RAW_DIFF = ['--raw', '-z', '--no-abbrev', ...COMMON_DIFF];
const PATCH_DIFF = ['-p', '--src-prefix=a/', '--dst-prefix=b/', '--unified=3', ...COMMON_DIFF];

function refuseOption(name: string, value: string | undefined): void {
  if (value !== undefined && [...value].some((char) => char.charCodeAt(0) < 0x20))
    throw new CliError(`unexpected --${name} with a control character, expected a revision`);
  if (value?.startsWith('-'))
    throw new CliError(
      `unexpected --${name} ${value}, expected a revision (it cannot start with "-")`,
    );
}

interface Repository {
  root: string;
  shallow: boolean;
  /** The repository's git directory, absolute. */
  gitDir: string;
  /** The repository's index file, absolute. */
  index: string;
}

/** One `git rev-parse` for the top level, shallowness and the index: each spawn costs time. */
async function openRepository(repo: string): Promise<Repository> {
  const dir = resolve(repo);
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    throw new CliError(`cannot use --repo ${repo}: no such directory`, { cause: error });
  }
  if (!info.isDirectory()) throw new CliError(`cannot use --repo ${repo}: not a directory`);
  const answer = await tryReadGit(dir, [
    'rev-parse',
    '--show-toplevel',
    '--is-shallow-repository',
    '--git-path',
    'index',
    '--absolute-git-dir',
  ]);
  const [top, shallow, index, gitDir] = answer?.split('\n') ?? [];
  if (!top || !index || !gitDir)
    throw new CliError(`cannot use --repo ${repo}: not inside a git working tree`);
  return {
    root: await realpath(top),
    shallow: shallow === 'true',
    index: isAbsolute(index) ? index : join(dir, index),
    gitDir,
  };
}

/**
 * Resolves many revisions to commits in one `git cat-file --batch-check`; a name that is not a
 * commit maps to null. Names never hold a newline (refused with the options).
 */
async function resolveCommits(root: string, names: string[]): Promise<Map<string, string | null>> {
  const unique = [...new Set(names)];
  const output = await readGit(root, ['cat-file', '--batch-check'], {
    input: `${unique.map((name) => `${name}^{commit}`).join('\n')}\n`,
  });
  const lines = output.split('\n');
  return new Map(
    unique.map((name, at) => [
      name,
      /^([0-9a-f]{40,64}) commit \d+$/.exec(lines[at] ?? '')?.[1] ?? null,
    ]),
  );
}

const BASE_CANDIDATES = [
  'refs/remotes/origin/HEAD',
  'main',
  'master',
  'origin/main',
  'origin/master',
  'HEAD~1',
];

/** The base to compare with: the remote's default branch, main, master, else the parent commit. */
async function defaultBase(
  repository: Repository,
  commits: Map<string, string | null>,
  headSha: string,
): Promise<string> {
  if (commits.get('refs/remotes/origin/HEAD')) {
    const name = await tryReadGit(repository.root, [
      'symbolic-ref',
      '--quiet',
      '--short',
      'refs/remotes/origin/HEAD',
    ]);
    if (name) return name;
  }
  for (const name of ['main', 'master', 'origin/main', 'origin/master']) {
    const sha = commits.get(name);
    if (sha && sha !== headSha) return name;
  }
  if (commits.get('HEAD~1')) return 'HEAD~1';
  const clone = await describeClone(repository);
  throw new CliError(
    clone
      ? `only one commit of this repository is here and no other branch to compare with: it is ${clone}; ${FETCH_MORE}`
      : 'this repository has a single commit and no other branch to compare with: pass --base REF (or make a second commit)',
  );
}

/** Shallow or single-branch clones hide history: an empty or missing merge base may be wrong. */
async function describeClone(repository: Repository): Promise<string | null> {
  if (repository.shallow) return 'a shallow clone';
  const fetch = await tryReadGit(repository.root, ['config', '--get-all', 'remote.origin.fetch']);
  if (fetch !== null && !fetch.includes('*')) return 'a single-branch clone';
  return null;
}

const FETCH_MORE =
  'fetch more history (`git fetch --unshallow origin` or `git fetch origin <base>`; `fetch-depth: 0` in actions/checkout) or pass --base';

/** Splits NUL-terminated output into its fields. */
async function readFields(
  root: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<string[]> {
  const fields: string[] = [];
  const splitter = createRecordSplitter(0, (record, start, end) =>
    fields.push(record.toString('utf8', start, end)),
  );
  await streamGit(root, args, (chunk) => splitter.push(chunk), env ? { env } : {});
  splitter.flush();
  return fields;
}

/** Where diffs run: the directory, the arguments before the command and the environment. */
interface DiffContext {
  cwd: string;
  prefix: string[];
  env: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

/**
 * Diffs between commits run away from the checkout: an empty work tree and index, so the
 * `.gitattributes` of a checked-out pull request (`* -diff`, which makes every file "binary")
 * cannot hide its changes from the gate. The repository's own `info/attributes` still applies.
 */
async function isolateFromCheckout(repository: Repository): Promise<DiffContext> {
  const dir = await mkdtemp(join(tmpdir(), 'readiness-gate-diff-'));
  return {
    cwd: dir,
    prefix: [`--git-dir=${repository.gitDir}`, `--work-tree=${dir}`],
    env: { GIT_INDEX_FILE: join(dir, 'index') },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A private copy of the index with untracked files added as intent-to-add, so diffs see them. */
async function prepareWorktreeIndex(repository: Repository): Promise<DiffContext> {
  const { root } = repository;
  const dir = await mkdtemp(join(tmpdir(), 'readiness-gate-index-'));
  const index = join(dir, 'index');
  const env = { GIT_INDEX_FILE: index, GIT_LITERAL_PATHSPECS: '1' };
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    await copyFile(repository.index, index).catch(() => {});
    const untracked = await readFields(
      root,
      ['ls-files', '-z', '--others', '--exclude-standard'],
      env,
    );
    if (untracked.length > 0)
      await streamGit(
        root,
        ['add', '--intent-to-add', '--pathspec-from-file=-', '--pathspec-file-nul'],
        () => {},
        {
          env,
          input: `${untracked.join('\0')}\0`,
        },
      );
    await streamGit(root, ['update-index', '-q', '--refresh'], () => {}, { env, okCodes: [1] });
  } catch (error) {
    await dispose();
    throw error;
  }
  return { cwd: root, prefix: [], env, dispose };
}

function statusOf(entry: RawEntry): FileChange['status'] {
  if (entry.status === 'A' || entry.status === 'C') return 'added';
  if (entry.status === 'D') return 'deleted';
  if (entry.status === 'R') return 'renamed';
  return 'modified';
}

function headerOf(entry: RawEntry): string {
  return `diff --git ${quoteGitPath(`a/${entry.oldPath ?? entry.path}`)} ${quoteGitPath(`b/${entry.path}`)}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A file read from git or the working tree, or why it was not. */
type FileRead = BlobResult | { ok: false; reason: 'symbolic link'; size?: number };

function notReadReason(result: Exclude<FileRead, { ok: true }>, limit: number): string {
  if (result.reason === 'too large')
    return `${megabytes(result.size ?? 0)}, over the ${megabytes(limit)} limit`;
  if (result.reason === 'symbolic link') return 'a symbolic link, which the gate does not follow';
  return result.reason;
}

/** A config's text at a commit; null when the commit has none. Bounded like a document. */
async function readConfigAt(root: string, shas: string[]): Promise<Map<string, string | null>> {
  const texts = new Map<string, string | null>();
  await readBlobs(
    root,
    shas.map((sha) => `${sha}:${CONFIG_PATH}`),
    MAX_CHECKLIST_BYTES,
    (id, result) => {
      const sha = id.slice(0, id.indexOf(':'));
      if (result.ok) texts.set(sha, decodeText(result.bytes));
      else if (result.reason === 'missing') texts.set(sha, null);
      else
        throw new CliError(`cannot read ${CONFIG_PATH} at ${sha.slice(0, 12)}: ${result.reason}`);
    },
  );
  return texts;
}

/**
 * The gate's config. Between commits it is the base's, as the App reads it, so a change cannot
 * weaken its own gate; a change that edits the config gets its version validated, and its
 * errors block. With `--config FILE` or `--head WORKTREE` it is that file or the working tree's.
 */
async function readSetup(
  repository: Repository,
  options: {
    config: string | undefined;
    worktree: boolean;
    base: { ref: string; sha: string };
    head: { ref: string; sha: string };
  },
): Promise<{ setup: GateSetup; errors: ValidationError[] }> {
  if (options.config !== undefined || options.worktree)
    return { setup: await loadGateSetupLazily(repository.root, options.config), errors: [] };
  const texts = await readConfigAt(repository.root, [options.base.sha, options.head.sha]);
  const baseText = texts.get(options.base.sha) ?? null;
  const setup = await setupLazily(baseText, CONFIG_PATH);
  const headText = texts.get(options.head.sha) ?? null;
  if (headText === null || headText === baseText) return { setup, errors: [] };
  const { collectGateSetup } = await import('./load-gate-setup.js');
  return { setup, errors: collectGateSetup(headText, `${CONFIG_PATH}@${options.head.ref}`).errors };
}

/** `ls-tree -r -z -l --full-tree` of a commit: every path with its mode, object id and size. */
async function readTree(root: string, sha: string): Promise<Map<string, TreeEntry>> {
  const entries = new Map<string, TreeEntry>();
  for (const record of await readFields(root, ['ls-tree', '-r', '-z', '-l', '--full-tree', sha])) {
    const tab = record.indexOf('\t');
    if (tab === -1) continue;
    const [mode, , id, size] = record.slice(0, tab).split(/ +/);
    entries.set(record.slice(tab + 1), {
      mode: mode ?? '',
      id: id ?? '',
      size: Number(size) || 0,
    });
  }
  return entries;
}

/**
 * The gated documents at the merge base (the config's selection, as at head), to compare with
 * head; null with the reason when one cannot be read there (a symbolic link, over the size
 * limit, not text): a partial base would show its items as removed. The base is the target
 * branch's history, which the change cannot edit, and head's own documents stay fail-closed.
 */
function planBaseChecklists(
  tree: Map<string, TreeEntry>,
  paths: string[],
  want: (id: string, reader: (result: BlobResult) => void) => void,
): () => { documents: Array<{ path: string; text: string }> | null; problem: string | null } {
  const documents: Array<{ path: string; text: string }> = [];
  const problems: string[] = [];
  for (const path of paths) {
    const entry = tree.get(path) as TreeEntry;
    if (entry.mode === SYMLINK)
      problems.push(`${path} (${notReadReason({ ok: false, reason: 'symbolic link' }, 0)})`);
    else if (!REGULAR.has(entry.mode)) continue;
    else if (entry.size > MAX_CHECKLIST_BYTES)
      problems.push(
        `${path} (${notReadReason({ ok: false, reason: 'too large', size: entry.size }, MAX_CHECKLIST_BYTES)})`,
      );
    else
      want(entry.id, (result) => {
        const text = result.ok ? decodeText(result.bytes) : null;
        if (text !== null) documents.push({ path, text });
        else
          problems.push(
            `${path} (${result.ok ? 'not text: it holds NUL bytes' : notReadReason(result, MAX_CHECKLIST_BYTES)})`,
          );
      });
  }
  return () => {
    if (problems.length > 0)
      return {
        documents: null,
        problem: `checklist changes were not compared with the base: ${escapeTerminal(problems.join(', '))} could not be read there`,
      };
    documents.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { documents, problem: null };
  };
}

/**
 * The local git source of the pipeline: the change `merge-base(base, head)..head` (or the
 * working tree), the files at head and the readiness documents, read through streamed git
 * commands with exact paths (`-z`, object ids) and settings pinned against the user's config.
 */
export function createGitSource(options: GitSourceOptions): LocalSource {
  return {
    async read() {
      refuseOption('base', options.base);
      refuseOption('head', options.head);
      const progress = options.onProgress ?? (() => {});
      const head = options.head ?? 'HEAD';
      const worktree = head === WORKTREE;
      const headRef = worktree ? 'HEAD' : head;
      // Both git processes start at once (a spawn costs milliseconds); the repository's own
      // check answers first, so a folder that is not a repository gets its plain error.
      const commitsRead = resolveCommits(resolve(options.repo), [
        'HEAD',
        headRef,
        ...(options.base !== undefined ? [options.base] : BASE_CANDIDATES),
      ]);
      commitsRead.catch(() => {});
      const repository = await openRepository(options.repo);
      const { root } = repository;
      const commits = await commitsRead;
      if (!commits.get('HEAD'))
        throw new CliError(
          `the repository at ${root} has no commits yet: commit something, then run check`,
        );
      const headSha = commits.get(headRef);
      if (!headSha)
        throw new CliError(`unexpected --head ${head}: no such commit in this repository`);
      const base = options.base ?? (await defaultBase(repository, commits, headSha));
      const baseSha = commits.get(base) ?? (await resolveCommits(root, [base])).get(base);
      if (!baseSha)
        throw new CliError(`unexpected --base ${base}: no such commit in this repository`);
      // The config is read while git finds the merge base, and settled before it is needed:
      // each git process costs a few milliseconds, so independent ones run side by side.
      const setupRead = readSetup(repository, {
        config: options.config,
        worktree,
        base: { ref: base, sha: baseSha },
        head: { ref: head, sha: headSha },
      });
      setupRead.catch(() => {});
      const mergeBase = (
        await readGit(root, ['merge-base', baseSha, headSha], { okCodes: [1] })
      ).trim();
      if (!mergeBase) {
        const clone = await describeClone(repository);
        throw new CliError(
          `${base} and ${head} share no history${clone ? `; this is ${clone}: ${FETCH_MORE}` : ''}`,
        );
      }

      progress('reading the diff');
      let setup: GateSetup;
      let errors: ValidationError[];
      const context = worktree
        ? await prepareWorktreeIndex(repository)
        : await isolateFromCheckout(repository);
      let disposed: Promise<void> | null = null;
      const dispose = () => (disposed ??= context.dispose());
      const entries: RawEntry[] = [];
      const notScanned: NotScannedFile[] = [];
      const headPaths = new Set<string>();
      const headBlobs = new Map<string, TreeEntry>();
      const checklists: GateSnapshot['checklists'] = [];
      const unreadable: string[] = [];
      let baseTree = new Map<string, TreeEntry>();
      let finishBase: ReturnType<typeof planBaseChecklists> = () => ({
        documents: null,
        problem: null,
      });
      const accept = (path: string, result: FileRead) => {
        if (!result.ok) {
          unreadable.push(`${path} (${notReadReason(result, MAX_CHECKLIST_BYTES)})`);
          return;
        }
        const text = decodeText(result.bytes);
        if (text === null) unreadable.push(`${path} (not text: it holds NUL bytes)`);
        else checklists.push({ path, text });
      };
      const { cwd, prefix, env } = context;
      const range = worktree ? [mergeBase] : [mergeBase, headSha];
      try {
        // The raw list and the trees are read at once; the patch streams later, as it is judged.
        const listing = worktree
          ? Promise.all([
              readFields(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']),
              readFields(root, ['ls-files', '-z', '--deleted']),
            ]).then(([listed, gone]) => {
              const deleted = new Set(gone);
              for (const path of listed) if (path && !deleted.has(path)) headPaths.add(path);
            })
          : readTree(root, headSha).then((tree) => {
              for (const [path, entry] of tree) {
                headPaths.add(path);
                headBlobs.set(path, entry);
              }
            });
        // Between commits the base tree follows from head's and the raw diff; the working
        // tree has no tree at head to start from.
        const baseListing = worktree
          ? readTree(root, mergeBase).then((tree) => {
              baseTree = tree;
            })
          : Promise.resolve();
        const [raw, setupDone] = await Promise.all([
          readFields(cwd, [...prefix, 'diff', ...RAW_DIFF, ...range, '--'], env).then(parseGitRaw),
          setupRead,
          listing,
          baseListing,
        ]);
        entries.push(...raw);
        setup = setupDone.setup;
        errors = setupDone.errors;
        if (!worktree) baseTree = deriveBaseTree(headBlobs, raw);

        // The documents at head and at base in one `cat-file --batch`, by object id.
        const readers = new Map<string, Array<(result: BlobResult) => void>>();
        const want = (id: string, reader: (result: BlobResult) => void) =>
          readers.set(id, [...(readers.get(id) ?? []), reader]);
        const paths = selectChecklistPaths(setup.config, headPaths);
        const read = new Map<string, FileRead>();
        if (worktree) {
          for (const path of paths)
            read.set(path, await readWorktreeFile(root, path, MAX_CHECKLIST_BYTES));
        } else {
          for (const path of paths) {
            const blob = headBlobs.get(path);
            if (!blob) read.set(path, { ok: false, reason: 'missing' });
            else if (blob.mode === SYMLINK) read.set(path, { ok: false, reason: 'symbolic link' });
            else if (blob.size > MAX_CHECKLIST_BYTES)
              read.set(path, { ok: false, reason: 'too large', size: blob.size });
            else want(blob.id, (result) => read.set(path, result));
          }
        }
        finishBase = planBaseChecklists(
          baseTree,
          selectChecklistPaths(setup.config, baseTree.keys()),
          want,
        );
        await readBlobs(root, [...readers.keys()], MAX_CHECKLIST_BYTES, (id, result) => {
          for (const reader of readers.get(id) ?? []) reader(result);
        });
        for (const path of paths) accept(path, read.get(path) ?? { ok: false, reason: 'missing' });
        progress(`${entries.length} changed file(s)`);
      } catch (error) {
        await dispose();
        throw error;
      }
      // Between commits the patch gets a fresh empty work tree of its own when it is read, so
      // nothing is left behind by a snapshot whose change is never read; the working tree's
      // prepared index costs git processes, so it is kept until the change has been read.
      if (!worktree) await dispose();
      if (entries.length === 0 && !worktree) {
        const clone = await describeClone(repository);
        if (clone)
          throw new CliError(
            `${base}...${head} has no changes in ${clone}, so the base is probably not what you meant: ${FETCH_MORE}`,
          );
      }

      // Whole files let `file`-scope rules and suppressions see beyond the hunks; an added file
      // is all in its diff already, so only modified and renamed files are read, in diff order.
      const wanted = entries.map((entry) => {
        const status = statusOf(entry);
        if (!REGULAR.has(entry.newMode) || (status !== 'modified' && status !== 'renamed'))
          return false;
        if (worktree) return true;
        const blob = headBlobs.get(entry.path);
        return blob !== undefined && blob.size <= MAX_SCANNED_BYTES;
      });
      const wantedIds = worktree
        ? []
        : entries.flatMap((entry, index) =>
            wanted[index] ? [(headBlobs.get(entry.path) as TreeEntry).id] : [],
          );

      /**
       * The change, file by file in git's order, as the gate judges it: git's patch and the
       * whole files are streamed side by side and each file is let go once handed over, so
       * memory holds about one file however large the change.
       */
      async function* streamChanges(): AsyncGenerator<FileChange> {
        if (entries.length === 0) return void (await dispose());
        const own = worktree ? context : await isolateFromCheckout(repository);
        const { cwd, prefix, env } = own;
        const blobs = worktree ? null : iterateBlobs(root, wantedIds, MAX_SCANNED_BYTES);
        const contentOf = async (index: number): Promise<string | null> => {
          if (!wanted[index]) return null;
          if (!blobs) {
            const entry = entries[index] as RawEntry;
            const result = await readWorktreeFile(root, entry.path, MAX_SCANNED_BYTES);
            return result.ok ? decodeText(result.bytes) : null;
          }
          const next = await blobs.next();
          return !next.done && next.value.result.ok ? decodeText(next.value.result.bytes) : null;
        };
        const finish = async (index: number, section: PatchSection | null): Promise<FileChange> => {
          const entry = entries[index] as RawEntry;
          const change: FileChange = {
            path: entry.path,
            oldPath: entry.oldPath,
            status: statusOf(entry),
            binary: section?.binary ?? false,
            lines: section?.lines ?? [],
            content: await contentOf(index),
          };
          if (entry.oldMode === SUBMODULE || entry.newMode === SUBMODULE) {
            change.lines = [];
            notScanned.push({ path: change.path, reason: 'submodule change', kind: 'text' });
          } else if (change.binary) {
            change.content = null;
            notScanned.push({ path: change.path, reason: 'binary', kind: 'binary' });
          } else if (section?.tooLarge) {
            change.content = null;
            notScanned.push({
              path: change.path,
              reason: `its diff is over the ${megabytes(MAX_PATCH_BYTES)} limit per file`,
              kind: 'text',
            });
          }
          return change;
        };
        const ready: PatchSection[] = [];
        const parser = createPatchParser((section) => ready.push(section), MAX_PATCH_BYTES);
        const splitter = createRecordSplitter(0x0a, (record, start, end) =>
          parser.push(record, start, end),
        );
        // The entry that got the last section (a type change, file ↔ link, gets two), and the
        // first entry not handed over yet.
        const state: { current: { index: number; section: PatchSection } | null; next: number } = {
          current: null,
          next: 0,
        };
        async function* place(section: PatchSection): AsyncGenerator<FileChange> {
          const { current } = state;
          let at = state.next;
          while (at < entries.length && headerOf(entries[at] as RawEntry) !== section.header) at++;
          if (at === entries.length) {
            if (current && headerOf(entries[current.index] as RawEntry) === section.header) {
              current.section.binary ||= section.binary;
              current.section.tooLarge ||= section.tooLarge;
              for (const line of section.lines) current.section.lines.push(line);
              return;
            }
            throw new CliError(
              `cannot match git's patch section ${JSON.stringify(section.header.slice(0, 200))} to a changed file`,
            );
          }
          if (current) yield await finish(current.index, current.section);
          for (let index = current ? current.index + 1 : state.next; index < at; index++)
            yield await finish(index, null);
          state.current = { index: at, section };
          state.next = at + 1;
        }
        try {
          for await (const chunk of iterateGit(
            cwd,
            [...prefix, 'diff', ...PATCH_DIFF, ...range, '--'],
            { env },
          )) {
            splitter.push(chunk);
            while (ready.length > 0) yield* place(ready.shift() as PatchSection);
          }
          splitter.flush();
          parser.end();
          while (ready.length > 0) yield* place(ready.shift() as PatchSection);
          const last = state.current;
          if (last) yield await finish(last.index, last.section);
          for (let index = last ? last.index + 1 : state.next; index < entries.length; index++)
            yield await finish(index, null);
        } finally {
          await blobs?.return(undefined);
          await (worktree ? dispose() : own.dispose());
        }
      }
      checklists.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

      // Claims against the code (SPEC §2a): the files at head that the rules linked to done
      // items look at, read only when some done item is linked; and the documents at base.
      const evidenceRules = selectEvidenceRules(setup.config, setup.rules, checklists);
      const wantedPath = createEvidencePathFilter(evidenceRules, setup.config.ignore);
      if (evidenceRules.length > 0) progress('reading the repository at head for evidence');
      const noFiles = { files: [], truncated: false, reasons: [] };
      const headFiles =
        evidenceRules.length === 0
          ? // No done item is linked to a rule, so no file at head can contradict a claim.
            noFiles
          : worktree
            ? await readRepositoryWorktree(root, [...headPaths].filter(wantedPath))
            : streamRepositoryBlobs(
                root,
                [...headBlobs]
                  .filter(([path, blob]) => REGULAR.has(blob.mode) && wantedPath(path))
                  .map(([path, blob]) => ({ path, id: blob.id, size: blob.size })),
              );
      const baseRead = finishBase();

      return {
        target: {
          kind: 'local',
          repository: null,
          number: null,
          baseRef: base.replace(/^origin\//, ''),
          baseSha,
          headSha: worktree ? null : headSha,
          blobUrl: null,
          required: null,
        },
        config: setup.config,
        rules: setup.rules,
        errors,
        changes: streamChanges(),
        headPaths: [...headPaths],
        checklists,
        notScanned,
        unreadable,
        waivers: [],
        ...(baseRead.documents ? { baseChecklists: baseRead.documents } : {}),
        repository: { files: headFiles.files, truncated: headFiles.truncated },
        ...(options.phase !== undefined ? { phase: options.phase } : {}),
        revisions: { base: { ref: base, mergeBase }, head },
        warnings: [
          describeExtends(setup.config.extends, setup.configPath),
          ...headFiles.reasons,
          baseRead.problem,
        ].filter((note): note is string => note !== null),
      };
    },
  };
}
