import { runCheckCommand } from '../../src/local/run-check-command.js';
import type { GitRepo } from './git-repo.js';

/** `readiness-gate check --format json` on `repo` against `main`: its exit code, report and stderr. */
export async function checkJson(
  repo: GitRepo,
  options: Partial<Parameters<typeof runCheckCommand>[0]> = {},
) {
  const result = await runCheckCommand({
    repo: repo.dir,
    base: 'main',
    format: 'json',
    ...options,
  });
  return { exitCode: result.exitCode, output: JSON.parse(result.stdout), stderr: result.stderr };
}
