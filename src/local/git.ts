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
