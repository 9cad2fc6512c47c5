import { CHECKS } from '../checks/index.js';
import { parsePrRef } from '../core/config/parse-pr-ref.js';
import { runGate } from '../core/gate/run-gate.js';
import { renderCheckOutput } from '../core/render/render-check-output.js';
import type { AppIdentity } from '../github/app-identity.js';
import { createPullRequestSource } from '../github/create-pull-request-source.js';
import { CliError } from './cli-error.js';
import type { CommandResult } from './command-result.js';
import { createRestClient } from './create-rest-client.js';
import { loadBuiltinRules } from './load-builtin-rules.js';
import { renderVerdict, type CheckOptions } from './run-check-command.js';

/** Whose acknowledgements `check --pr` trusts: the App's bot account (override with an env var). */
const APP_IDENTITY: AppIdentity = {
  appId: null,
  botLogin: process.env.READINESS_GATE_BOT_LOGIN ?? 'readiness-gate[bot]',
};

/**
 * `readiness-gate check --pr owner/repo#N`: a read-only dry run of what the App would post —
 * the same source (base config, else the organisation's, with `_extends`; changed-config
 * validation; waivers), the same
 * gate and, in markdown, the same check run text.
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
  const builtin = loadBuiltinRules();
  const source = createPullRequestSource(octokit, ref, {
    builtin: builtin.rules,
    identity: APP_IDENTITY,
  });
  let snapshot;
  try {
    await source.pull();
    snapshot = await source.read();
  } catch (error) {
    throw new CliError((error as Error).message, { cause: error });
  }
  if (options.phase !== undefined) snapshot.phase = options.phase;
  const outcome = await runGate(snapshot, CHECKS);
  const { target, verdict } = outcome;
  const output = renderCheckOutput(verdict, {
    blobUrl: target.blobUrl,
    notScanned: outcome.notScanned,
    waivers: outcome.waivers,
    required: target.required,
  });
  const stdout =
    options.format === 'markdown'
      ? `## ${output.title}\n\n${output.summary}\n`
      : renderVerdict(verdict, options.format, {
          extra: {
            pullRequest: `${ref.owner}/${ref.repo}#${ref.number}`,
            base: { ref: target.baseRef, sha: target.baseSha },
            head: target.headSha,
            waivers: outcome.waivers,
            unreadable: outcome.unreadable,
            // Where the config came from: its own file, the organisation's, each `_extends`.
            configFiles: snapshot.configOrigin?.files ?? [],
          },
          notScanned: outcome.notScanned,
          links: { blobUrl: target.blobUrl },
        });
  return { stdout, exitCode: output.conclusion === 'success' ? 0 : 1 };
}
