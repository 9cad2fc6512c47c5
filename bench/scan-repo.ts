import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateCorpus } from './scan-corpus.js';

/** Bump when the corpus changes, so that cached repositories are rebuilt. */
const CORPUS_VERSION = 1;

export interface ScanRepo {
  dir: string;
  base: string;
  head: string;
  megabytes: number;
  /** Bytes of the lines head adds. */
  addedBytes: number;
  files: number;
  /** The largest file at head, in bytes. */
  largestFile: number;
  /** Paths (relative) that head changes, for the peer scanner. */
  changed: string[];
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

function git(dir: string, args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' }).trim();
}

function write(dir: string, path: string, text: string) {
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
}

/**
 * A git repository whose head commit adds about `megabytes` MB of realistic source to a small
 * base; built once into `cacheDir` and reused while the corpus version is the same.
 */
export function ensureScanRepo(cacheDir: string, megabytes: number): ScanRepo {
  const dir = join(cacheDir, `scan-v${CORPUS_VERSION}-${megabytes}mb`);
  const meta = join(dir, '.bench.json');
  if (existsSync(meta)) return JSON.parse(readFileSync(meta, 'utf8')) as ScanRepo;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  write(dir, 'README.md', '# Shop\n\nServices for the shop.\n');
  write(dir, '.gitignore', '.bench.json\n');
  write(
    dir,
    'PRODUCTION_READINESS.md',
    '# Readiness\n\n## Phase 1\n\n- [x] Secrets in the vault\n',
  );
  const files = [...generateCorpus(megabytes * 1024 * 1024, megabytes)];
  for (const file of files) if (file.base !== null) write(dir, file.path, file.base);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '--quiet', '-m', 'base']);
  const base = git(dir, ['rev-parse', 'HEAD']);
  let addedBytes = 0;
  let largestFile = 0;
  for (const file of files) {
    write(dir, file.path, file.head);
    addedBytes += file.addedBytes;
    largestFile = Math.max(largestFile, file.head.length);
  }
  git(dir, ['add', '-A']);
  git(dir, ['commit', '--quiet', '-m', `add ${megabytes} MB`]);
  const head = git(dir, ['rev-parse', 'HEAD']);
  const repo: ScanRepo = {
    dir,
    base,
    head,
    megabytes,
    addedBytes,
    files: files.length,
    largestFile,
    changed: files.map((file) => file.path),
  };
  writeFileSync(meta, JSON.stringify(repo));
  return repo;
}
