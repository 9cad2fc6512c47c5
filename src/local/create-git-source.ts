import { copyFile, mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { FileChange } from '../core/diff/diff-types.js';
import type { GateSnapshot, NotScannedFile } from '../core/gate/gate-snapshot.js';
import { selectChecklistPaths } from '../core/gate/run-gate.js';
import { CliError } from './cli-error.js';
import { createPatchParser, type PatchSection } from './create-patch-parser.js';
import { decodeText } from './decode-text.js';
import { createRecordSplitter, readGit, streamGit, tryReadGit } from './git.js';
import { describeExtends } from './describe-extends.js';
import { loadGateSetup } from './load-gate-setup.js';
import { MAX_CHECKLIST_BYTES, MAX_SCANNED_BYTES } from './limits.js';
import { parseGitRaw, type RawEntry } from './parse-git-raw.js';
import { quoteGitPath } from './quote-git-path.js';
import { readBlobs, type BlobResult } from './read-blobs.js';
import { readWorktreeFile } from './read-worktree-file.js';

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
  if (value?.startsWith('-'))
    throw new CliError(
      `unexpected --${name} ${value}, expected a revision (it cannot start with "-")`,
    );
}

async function openRepository(repo: string): Promise<string> {
  const dir = resolve(repo);
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    throw new CliError(`cannot use --repo ${repo}: no such directory`, { cause: error });
  }
  if (!info.isDirectory()) throw new CliError(`cannot use --repo ${repo}: not a directory`);
  const root = await tryReadGit(dir, ['rev-parse', '--show-toplevel']);
  if (!root) throw new CliError(`cannot use --repo ${repo}: not inside a git working tree`);
  return realpath(root);
}

async function resolveCommit(root: string, ref: string, flag: string): Promise<string> {
  const sha = await tryReadGit(root, [
    'rev-parse',
    '--verify',
    '--quiet',
    '--end-of-options',
    `${ref}^{commit}`,
  ]);
  if (!sha) throw new CliError(`unexpected --${flag} ${ref}: no such commit in this repository`);
  return sha;
}

/** The base to compare with: the remote's default branch, main, master, else the parent commit. */
async function defaultBase(root: string, headSha: string): Promise<string> {
  const remote = await tryReadGit(root, [
    'symbolic-ref',
    '--quiet',
    '--short',
    'refs/remotes/origin/HEAD',
  ]);
  if (remote) return remote;
  for (const name of ['main', 'master', 'origin/main', 'origin/master']) {
    const sha = await tryReadGit(root, ['rev-parse', '--verify', '--quiet', `${name}^{commit}`]);
    if (sha && sha !== headSha) return name;
  }
  if (await tryReadGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD~1^{commit}']))
    return 'HEAD~1';
  const clone = await describeClone(root);
  throw new CliError(
    clone
      ? `only one commit of this repository is here and no other branch to compare with: it is ${clone}; ${FETCH_MORE}`
      : 'this repository has a single commit and no other branch to compare with: pass --base REF (or make a second commit)',
  );
}

/** Shallow or single-branch clones hide history: an empty or missing merge base may be wrong. */
async function describeClone(root: string): Promise<string | null> {
  if ((await tryReadGit(root, ['rev-parse', '--is-shallow-repository'])) === 'true')
    return 'a shallow clone';
  const fetch = await tryReadGit(root, ['config', '--get-all', 'remote.origin.fetch']);
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
  const splitter = createRecordSplitter(0, (record) => fields.push(record.toString('utf8')));
  await streamGit(root, args, (chunk) => splitter.push(chunk), env ? { env } : {});
  splitter.flush();
  return fields;
}

/** A private copy of the index with untracked files added as intent-to-add, so diffs see them. */
async function prepareWorktreeIndex(
  root: string,
): Promise<{ env: NodeJS.ProcessEnv; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'readiness-gate-index-'));
  const index = join(dir, 'index');
  const env = { GIT_INDEX_FILE: index, GIT_LITERAL_PATHSPECS: '1' };
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const current = (await readGit(root, ['rev-parse', '--git-path', 'index'])).trim();
    await copyFile(isAbsolute(current) ? current : join(root, current), index).catch(() => {});
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
  return { env, dispose };
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

function notReadReason(
  result: Exclude<BlobResult, { ok: true }> | { ok: false; reason: 'symbolic link'; size?: number },
  limit: number,
): string {
  if (result.reason === 'too large')
    return `${megabytes(result.size ?? 0)}, over the ${megabytes(limit)} limit`;
  if (result.reason === 'symbolic link') return 'a symbolic link, which the gate does not follow';
  return result.reason;
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
      const root = await openRepository(options.repo);
      const setup = loadGateSetup(root, options.config);
      const head = options.head ?? 'HEAD';
      const worktree = head === WORKTREE;
      if (!(await tryReadGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])))
        throw new CliError(
          `the repository at ${root} has no commits yet: commit something, then run check`,
        );
      const headSha = await resolveCommit(root, worktree ? 'HEAD' : head, 'head');
      const base = options.base ?? (await defaultBase(root, headSha));
      const baseSha = await resolveCommit(root, base, 'base');
      const mergeBase = (
        await readGit(root, ['merge-base', baseSha, headSha], { okCodes: [1] })
      ).trim();
      const clone = await describeClone(root);
      if (!mergeBase)
        throw new CliError(
          `${base} and ${head} share no history${clone ? `; this is ${clone}: ${FETCH_MORE}` : ''}`,
        );

      progress('reading the diff');
      const index = worktree ? await prepareWorktreeIndex(root) : null;
      const changes: FileChange[] = [];
      const notScanned: NotScannedFile[] = [];
      const modes = new Map<FileChange, RawEntry>();
      try {
        const env = index?.env;
        const range = worktree ? [mergeBase] : [mergeBase, headSha];
        const raw = parseGitRaw(await readFields(root, ['diff', ...RAW_DIFF, ...range, '--'], env));
        for (const entry of raw) {
          const change: FileChange = {
            path: entry.path,
            oldPath: entry.oldPath,
            status: statusOf(entry),
            binary: false,
            lines: [],
            content: null,
          };
          changes.push(change);
          modes.set(change, entry);
        }
        let next = 0;
        const attach = (section: PatchSection) => {
          let at = next;
          while (at < raw.length && headerOf(raw[at] as RawEntry) !== section.header) at++;
          // A type change (file ↔ link) is two sections for one entry: try the previous one too.
          if (
            at === raw.length &&
            next > 0 &&
            headerOf(raw[next - 1] as RawEntry) === section.header
          )
            at = next - 1;
          const change = changes[at];
          if (!change)
            throw new CliError(
              `cannot match git's patch section ${JSON.stringify(section.header.slice(0, 200))} to a changed file`,
            );
          change.binary ||= section.binary;
          for (const line of section.lines) change.lines.push(line);
          next = at + 1;
        };
        const parser = createPatchParser(attach);
        const lines = createRecordSplitter(0x0a, (record) => parser.push(record.toString('utf8')));
        await streamGit(
          root,
          ['diff', ...PATCH_DIFF, ...range, '--'],
          (chunk) => lines.push(chunk),
          env ? { env } : {},
        );
        lines.flush();
        parser.end();
      } finally {
        await index?.dispose();
      }
      if (changes.length === 0 && !worktree && clone)
        throw new CliError(
          `${base}...${head} has no changes in ${clone}, so the base is probably not what you meant: ${FETCH_MORE}`,
        );

      progress(`${changes.length} changed file(s); reading the files at head`);
      const realRoot = root;
      const headPaths = new Set<string>();
      const headBlobs = new Map<string, { mode: string; id: string; size: number }>();
      if (worktree) {
        const listed = await readFields(root, [
          'ls-files',
          '-z',
          '--cached',
          '--others',
          '--exclude-standard',
        ]);
        const deleted = new Set(await readFields(root, ['ls-files', '-z', '--deleted']));
        for (const path of listed) if (path && !deleted.has(path)) headPaths.add(path);
      } else {
        for (const record of await readFields(root, [
          'ls-tree',
          '-r',
          '-z',
          '-l',
          '--full-tree',
          headSha,
        ])) {
          const tab = record.indexOf('\t');
          if (tab === -1) continue;
          const [mode, , id, size] = record.slice(0, tab).split(/ +/);
          const path = record.slice(tab + 1);
          headPaths.add(path);
          headBlobs.set(path, { mode: mode ?? '', id: id ?? '', size: Number(size) || 0 });
        }
      }

      for (const change of changes) {
        const entry = modes.get(change) as RawEntry;
        if (entry.oldMode === SUBMODULE || entry.newMode === SUBMODULE) {
          change.lines = [];
          notScanned.push({ path: change.path, reason: 'submodule change', kind: 'text' });
        } else if (change.binary)
          notScanned.push({ path: change.path, reason: 'binary', kind: 'binary' });
      }
      // Whole files let `file`-scope rules and suppressions see beyond the hunks; an added
      // file is all in its diff already, so only modified and renamed files are read.
      const wanted = changes.filter((change) => {
        const entry = modes.get(change) as RawEntry;
        return (
          !change.binary &&
          REGULAR.has(entry.newMode) &&
          (change.status === 'modified' || change.status === 'renamed')
        );
      });
      const setText = (change: FileChange, result: BlobResult | { ok: false; reason: string }) => {
        change.content = result.ok ? decodeText(result.bytes) : null;
      };
      if (worktree) {
        for (const change of wanted)
          setText(change, await readWorktreeFile(realRoot, change.path, MAX_SCANNED_BYTES));
      } else {
        const byId = new Map<string, FileChange[]>();
        for (const change of wanted) {
          const id = (modes.get(change) as RawEntry).newId;
          byId.set(id, [...(byId.get(id) ?? []), change]);
        }
        await readBlobs(root, [...byId.keys()], MAX_SCANNED_BYTES, (id, result) => {
          for (const change of byId.get(id) ?? []) setText(change, result);
        });
      }

      progress('reading the readiness documents');
      const checklists: GateSnapshot['checklists'] = [];
      const unreadable: string[] = [];
      const accept = (
        path: string,
        result: BlobResult | { ok: false; reason: 'symbolic link'; size?: number },
      ) => {
        if (!result.ok) {
          unreadable.push(`${path} (${notReadReason(result, MAX_CHECKLIST_BYTES)})`);
          return;
        }
        const text = decodeText(result.bytes);
        if (text === null) unreadable.push(`${path} (not text: it holds NUL bytes)`);
        else checklists.push({ path, text });
      };
      const paths = selectChecklistPaths(setup.config, headPaths);
      if (worktree) {
        for (const path of paths)
          accept(path, await readWorktreeFile(realRoot, path, MAX_CHECKLIST_BYTES));
      } else {
        const found = new Map<string, BlobResult | { ok: false; reason: 'symbolic link' }>();
        const ids: string[] = [];
        for (const path of paths) {
          const blob = headBlobs.get(path);
          if (!blob) found.set(path, { ok: false, reason: 'missing' });
          else if (blob.mode === SYMLINK) found.set(path, { ok: false, reason: 'symbolic link' });
          else if (blob.size > MAX_CHECKLIST_BYTES)
            found.set(path, { ok: false, reason: 'too large', size: blob.size });
          else ids.push(blob.id);
        }
        const byId = new Map<string, BlobResult>();
        await readBlobs(root, [...new Set(ids)], MAX_CHECKLIST_BYTES, (id, result) =>
          byId.set(id, result),
        );
        for (const path of paths) {
          const blob = headBlobs.get(path);
          accept(
            path,
            found.get(path) ?? byId.get(blob?.id ?? '') ?? { ok: false, reason: 'missing' },
          );
        }
      }
      checklists.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

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
        errors: [],
        changes,
        headPaths: [...headPaths],
        checklists,
        notScanned,
        unreadable,
        waivers: [],
        ...(options.phase !== undefined ? { phase: options.phase } : {}),
        revisions: { base: { ref: base, mergeBase }, head },
        warnings: [describeExtends(setup.config.extends, setup.configPath)].filter(
          (note): note is string => note !== null,
        ),
      };
    },
  };
}
