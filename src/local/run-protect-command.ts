import { CHECK_NAME } from '../core/gate/constants.js';
import { requireCheck } from '../github/require-check.js';
import { CliError } from './cli-error.js';
import { createRestClient } from './create-rest-client.js';
import type { CommandResult } from './command-result.js';

/** `readiness-gate protect --repo owner/name [--branch main]`: make the gate a required check. */
export async function runProtectCommand(options: {
  repo: string | undefined;
  branch: string | undefined;
  token: string | undefined;
  baseUrl?: string;
}): Promise<CommandResult> {
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(options.repo ?? '');
  if (!match)
    throw new CliError(`unexpected --repo ${options.repo ?? '(missing)'}, expected owner/name`);
  if (!options.token)
    throw new CliError('protect needs a token with admin rights on the repository in GITHUB_TOKEN');
  const octokit = createRestClient(options.token, options.baseUrl);
  try {
    const result = await requireCheck(
      octokit,
      match[1] as string,
      match[2] as string,
      options.branch,
      CHECK_NAME,
    );
    return { stdout: `${result.message}\n`, exitCode: 0 };
  } catch (error) {
    const status = (error as { status?: number }).status;
    const hint =
      status === 403 || status === 404 ? ' (the token needs admin rights on the repository)' : '';
    throw new CliError(
      `cannot update branch protection${status ? ` (HTTP ${status})` : ''}: ${(error as Error).message}${hint}`,
      { cause: error },
    );
  }
}
