import { parsePrRef } from '../core/config/parse-pr-ref.js';
import { runGate, selectChecklistPaths } from '../core/gate/run-gate.js';
import { readPullRequest } from '../github/read-pull-request.js';
import { CliError } from './cli-error.js';
import { createRestClient } from './create-rest-client.js';
import type { CommandResult } from './command-result.js';
import { renderVerdict, setupFromConfigText, type CheckOptions } from './run-check-command.js';
import { CHECKS } from '../checks/index.js';

/**
 * `readiness-gate check --pr owner/repo#N`: the gate on a real pull request, read-only — a dry
 * run of what the App would post. The config comes from the PR's base branch.
 */
export async function runPrCheckCommand(
  pr: string,
  options: Pick<CheckOptions, 'format' | 'phase'> & { token: string | undefined; baseUrl?: string },
): Promise<CommandResult> {
  const ref = parsePrRef(pr);
  if (!ref)
    throw new CliError(`unexpected --pr ${pr}, expected owner/repo#123 or a pull request URL`);
  if (!options.token)
    throw new CliError('check --pr needs a token in GITHUB_TOKEN (read access to the repository)');
  const octokit = createRestClient(options.token, options.baseUrl);
  let inputs;
  try {
    inputs = await readPullRequest(octokit, ref);
  } catch (error) {
    throw new CliError((error as Error).message, { cause: error });
  }
  const { config, rules } = setupFromConfigText(
    inputs.configText,
    `.github/readiness.yml@${inputs.baseRef}`,
  );
  const paths = selectChecklistPaths(config, inputs.headPaths);
  const checklists = await Promise.all(
    paths.map(async (path) => ({ path, text: await inputs.readAtHead(path) })),
  );
  const { verdict } = runGate(
    {
      target: {
        kind: 'pull_request',
        repository: null,
        number: null,
        baseRef: inputs.baseRef,
        baseSha: null,
        headSha: null,
        blobUrl: null,
        required: null,
      },
      config,
      rules,
      changes: inputs.changes,
      headPaths: [...inputs.headPaths],
      checklists,
      errors: [],
      notScanned: inputs.notScanned,
      unreadable: [],
      waivers: [],
      ...(options.phase !== undefined ? { phase: options.phase } : {}),
    },
    CHECKS,
  );
  const stdout = renderVerdict(verdict, options.format, {
    extra: {
      pullRequest: `${ref.owner}/${ref.repo}#${ref.number}`,
      base: { ref: inputs.baseRef, sha: inputs.baseSha },
      head: inputs.headSha,
    },
    notScanned: inputs.notScanned,
    links: { blobUrl: inputs.htmlBase },
  });
  return { stdout, exitCode: verdict.verdict === 'pass' ? 0 : 1 };
}
