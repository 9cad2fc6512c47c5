import { execFileSync, spawn } from 'node:child_process';
import { CliError } from './cli-error.js';

/**
 * Settings that would otherwise let a user's git config change what the gate reads: prefixes,
 * quoting, external diff drivers, blank context lines, file order, fsmonitor hooks.
 */
export const PINNED_CONFIG = [
  '-c',
  'core.quotePath=false',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'diff.mnemonicPrefix=false',
  '-c',
  'diff.noprefix=false',
  '-c',
  'diff.relative=false',
  '-c',
  'diff.suppressBlankEmpty=false',
  '-c',
  'diff.orderFile=/dev/null',
  '-c',
  'color.ui=false',
];

/** Runs git synchronously (small commands: the demo repository, tests); a failure is a CLI error. */
export function git(repo: string, args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd: repo,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '')
      .trim()
      .split('\n')[0];
    throw new CliError(
      `git ${args.slice(0, 3).join(' ')} failed in ${repo}: ${stderr || (error as Error).message}`,
      { cause: error },
    );
  }
}

export interface GitStreamOptions {
  env?: NodeJS.ProcessEnv;
  /** Written to git's standard input, then closed. */
  input?: string | Buffer;
  /** Exit codes that are not failures (e.g. 1 for `merge-base` without a common ancestor). */
  okCodes?: number[];
}

export class GitFailure extends CliError {
  constructor(
    message: string,
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/**
 * Runs git and hands its standard output to `onData` chunk by chunk as it arrives, so nothing
 * is buffered whole. A failing exit becomes a `GitFailure` naming the command and git's first
 * line of complaint; an `onData` that throws stops git.
 */
export async function streamGit(
  repo: string,
  args: string[],
  onData: (chunk: Buffer) => void,
  options: GitStreamOptions = {},
): Promise<void> {
  for await (const chunk of iterateGit(repo, args, options)) onData(chunk);
}

/**
 * How far git may run ahead of a consumer of `iterateGit`, in bytes. Small on purpose: git
 * writes several times faster than the gate reads, so a few chunks keep it busy, and a chunk
 * that waits long in the queue outlives young-generation collections: its memory is then freed
 * only by a full one (with 4 MB, up to 30 MB of read chunks were waiting for it at 100 MB).
 */
const READ_AHEAD = 256 * 1024;

/**
 * Runs git and yields its standard output chunk by chunk as the consumer pulls them: git runs
 * ahead by at most READ_AHEAD bytes and is then paused (a pipe's backpressure), so a fast git
 * never piles its output up in memory, and a slow consumer never waits for git for long. Ends with a `GitFailure` when git fails; a consumer that stops early kills git.
 */
export async function* iterateGit(
  repo: string,
  args: string[],
  options: GitStreamOptions = {},
): AsyncGenerator<Buffer> {
  const child = spawn('git', [...PINNED_CONFIG, ...args], {
    cwd: repo,
    env: { ...process.env, GIT_EXTERNAL_DIFF: '', GIT_PAGER: 'cat', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 4096) stderr += chunk.toString('utf8');
  });
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on('error', (error) =>
      reject(new CliError(`cannot run git: ${error.message}`, { cause: error })),
    );
    child.on('close', (code) => resolve(code));
  });
  // Settled later; until then a spawn failure must not count as unhandled.
  closed.catch(() => {});
  child.stdin.on('error', () => {});
  child.stdin.end(options.input ?? '');
  // git runs ahead of the consumer by up to READ_AHEAD bytes (on another core), then waits.
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let wake: (() => void) | null = null;
  child.stdout.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued >= READ_AHEAD) child.stdout.pause();
    wake?.();
  });
  child.stdout.on('end', () => {
    ended = true;
    wake?.();
  });
  child.stdout.on('error', () => {
    ended = true;
    wake?.();
  });
  let done = false;
  try {
    for (;;) {
      const chunk = queue.shift();
      if (chunk) {
        queued -= chunk.length;
        if (queued < READ_AHEAD / 2 && child.stdout.isPaused()) child.stdout.resume();
        yield chunk;
        continue;
      }
      if (ended) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
    done = true;
  } finally {
    if (!done) child.kill();
  }
  const code = await closed;
  if (code === 0 || (code !== null && options.okCodes?.includes(code))) return;
  const first = stderr.trim().split('\n')[0] ?? '';
  throw new GitFailure(
    `git ${args
      .filter((arg) => !arg.startsWith('-'))
      .slice(0, 2)
      .join(' ')} failed in ${repo}: ${first || `exit code ${code}`}`,
    code,
    stderr,
  );
}

/** Runs git and returns its whole output as text; for small outputs only (refs, counts). */
export async function readGit(
  repo: string,
  args: string[],
  options: GitStreamOptions = {},
): Promise<string> {
  const chunks: Buffer[] = [];
  await streamGit(repo, args, (chunk) => chunks.push(chunk), options);
  return Buffer.concat(chunks).toString('utf8');
}

/** Like `readGit`, but null when git fails (a ref that does not exist, no common ancestor). */
export async function tryReadGit(repo: string, args: string[]): Promise<string | null> {
  try {
    return (await readGit(repo, args)).trim();
  } catch (error) {
    if (error instanceof GitFailure) return null;
    throw error;
  }
}

/**
 * Splits a stream into records ending in `separator` (a newline or NUL), calling `onRecord`
 * with each complete one as `buffer[start..end)` (a record inside one chunk is not copied);
 * `flush` hands over the unterminated tail.
 */
export function createRecordSplitter(
  separator: number,
  onRecord: (buffer: Buffer, start: number, end: number) => void,
): { push(chunk: Buffer): void; flush(): void } {
  let pending: Buffer[] = [];
  const whole = (buffer: Buffer) => onRecord(buffer, 0, buffer.length);
  return {
    push(chunk) {
      let start = 0;
      let index = chunk.indexOf(separator, start);
      while (index !== -1) {
        if (pending.length > 0) {
          pending.push(chunk.subarray(start, index));
          whole(Buffer.concat(pending));
          pending = [];
        } else onRecord(chunk, start, index);
        start = index + 1;
        index = chunk.indexOf(separator, start);
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    },
    flush() {
      if (pending.length > 0) whole(Buffer.concat(pending));
      pending = [];
    },
  };
}
