import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throwaway git repository for end-to-end tests. */
export class GitRepo {
  readonly dir = mkdtempSync(join(tmpdir(), 'rg-repo-'));

  constructor() {
    this.git('init', '-q', '-b', 'main');
  }

  git(...args: string[]): string {
    return execFileSync(
      'git',
      ['-c', 'user.name=T', '-c', 'user.email=t@example.invalid', ...args],
      { cwd: this.dir, encoding: 'utf8' },
    );
  }

  write(files: Record<string, string | null>): this {
    for (const [path, text] of Object.entries(files)) {
      const full = join(this.dir, path);
      if (text === null) rmSync(full);
      else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, text);
      }
    }
    return this;
  }

  commit(message = 'change'): this {
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
    return this;
  }
}
