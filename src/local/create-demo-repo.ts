import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { git } from './git.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/demo/', import.meta.url));

/**
 * Builds a throwaway repository from the bundled example: `main` holds the plan and the code,
 * the `feature` branch the change a pull request would bring.
 */
export function createDemoRepo(): string {
  const repo = mkdtempSync(join(tmpdir(), 'readiness-gate-demo-'));
  const commit = (message: string) =>
    git(repo, [
      '-c',
      'user.name=Demo',
      '-c',
      'user.email=demo@example.invalid',
      'commit',
      '-q',
      '-m',
      message,
    ]);
  git(repo, ['init', '-q', '-b', 'main']);
  cpSync(join(EXAMPLE, 'base'), repo, { recursive: true });
  git(repo, ['add', '-A']);
  commit('Orders service with its readiness plan');
  git(repo, ['checkout', '-q', '-b', 'feature']);
  cpSync(join(EXAMPLE, 'change'), repo, { recursive: true });
  git(repo, ['add', '-A']);
  commit('Quick fix before the launch');
  return repo;
}
