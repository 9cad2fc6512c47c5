import { execFileSync } from 'node:child_process';
import { CliError } from './cli-error.js';

/** Runs git in a repository; a failure becomes a one-line CLI error naming the command. */
export function git(repo: string, args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd: repo,
      encoding: 'utf8',
      maxBuffer: 1024 * 1024 * 1024,
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

export function tryGit(repo: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, {
      cwd: repo,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

/** The base to compare with: the remote's default branch, main, master, else the parent commit. */
export function defaultBase(repo: string): string {
  const remote = tryGit(repo, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (remote) return remote;
  const head = tryGit(repo, ['rev-parse', 'HEAD']);
  for (const name of ['main', 'master']) {
    const sha = tryGit(repo, ['rev-parse', '--verify', '--quiet', `${name}^{commit}`]);
    if (sha && sha !== head) return name;
  }
  return 'HEAD~1';
}

/**
 * Reads many blobs in one `git cat-file --batch` process; a path missing at the revision
 * maps to null. Files larger than `maxBytes` are not returned (null), to bound memory.
 */
export function readBlobs(
  repo: string,
  revision: string,
  paths: string[],
  maxBytes = 2 * 1024 * 1024,
): Map<string, string | null> {
  const found = new Map<string, string | null>();
  if (paths.length === 0) return found;
  const input = paths.map((path) => `${revision}:${path}`).join('\n') + '\n';
  let output: Buffer;
  try {
    output = execFileSync('git', ['cat-file', '--batch'], {
      cwd: repo,
      input,
      maxBuffer: 2 * 1024 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
  } catch (error) {
    throw new CliError(
      `git cat-file failed in ${repo}: ${(error as Error).message.split('\n')[0]}`,
      { cause: error },
    );
  }
  let offset = 0;
  for (const path of paths) {
    const end = output.indexOf(0x0a, offset);
    const header = output.subarray(offset, end).toString('utf8');
    offset = end + 1;
    const match = /^\S+ (\w+) (\d+)$/.exec(header);
    if (!match) {
      found.set(path, null);
      continue;
    }
    const size = Number(match[2]);
    const body = output.subarray(offset, offset + size);
    offset += size + 1;
    found.set(
      path,
      match[1] === 'blob' && size <= maxBytes && !body.includes(0) ? body.toString('utf8') : null,
    );
  }
  return found;
}
