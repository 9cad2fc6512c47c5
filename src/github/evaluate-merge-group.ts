import type { Octokit } from '@octokit/rest';
import { githubFileToChange, type GitHubPullFile } from '../core/diff/github-file-to-change.js';
import { renderCheckOutput } from '../core/render/render-check-output.js';
import { resolveRules } from '../core/rules/resolve-rules.js';
import type { Rule } from '../core/rules/rule-types.js';
import { runGate, selectChecklistPaths } from '../core/gate/run-gate.js';
import { readConfig } from './evaluate-pull-request.js';
import { CHECK_NAME, CONFIG_PATH } from '../core/gate/constants.js';
import type { Logger } from '../logger.js';
import { readRepoFile } from './read-pull-request.js';
import { startCheckRun } from './start-check-run.js';
import { CHECKS } from '../checks/index.js';

/**
 * `merge_group.checks_requested`: the same gate on the queue's merge commit against its base,
 * so merge queues never stall waiting for the check. Always concludes.
 */
export async function evaluateMergeGroup(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  group: { head_sha: string; base_sha: string; base_ref: string },
  options: { builtin: Rule[]; log: Logger },
): Promise<'success' | 'failure'> {
  const checkRunId = await startCheckRun(octokit, repo, CHECK_NAME, group.head_sha);
  try {
    const branch = group.base_ref.replace(/^refs\/heads\//, '');
    const [compare, tree, configText] = await Promise.all([
      octokit.rest.repos.compareCommitsWithBasehead({
        ...repo,
        basehead: `${group.base_sha}...${group.head_sha}`,
        per_page: 100,
      }),
      octokit.rest.git.getTree({ ...repo, tree_sha: group.head_sha, recursive: 'true' }),
      readRepoFile(octokit, repo.owner, repo.repo, CONFIG_PATH, group.base_sha),
    ]);
    const ref = { ...repo, number: 0 };
    const { config, errors } = await readConfig(octokit, ref, configText);
    const resolved = resolveRules(options.builtin, config, CONFIG_PATH);
    const changes = ((compare.data.files ?? []) as GitHubPullFile[]).map(
      (file) => githubFileToChange(file).change,
    );
    const headPaths = new Set(
      tree.data.tree.filter((entry) => entry.type === 'blob').map((entry) => entry.path as string),
    );
    const checklists = await Promise.all(
      selectChecklistPaths(config, headPaths).map(async (path) => ({
        path,
        text: (await readRepoFile(octokit, repo.owner, repo.repo, path, group.head_sha)) ?? '',
      })),
    );
    const { verdict } = runGate(
      {
        target: {
          kind: 'merge_group',
          repository: null,
          number: null,
          baseRef: branch,
          baseSha: null,
          headSha: null,
          blobUrl: null,
          required: null,
        },
        config,
        rules: resolved.rules,
        changes,
        headPaths: [...headPaths],
        checklists,
        errors: [...errors, ...resolved.errors],
        notScanned: [],
        unreadable: [],
        waivers: [],
      },
      CHECKS,
    );
    const output = renderCheckOutput(verdict, {
      blobUrl: null,
      notScanned: [],
      waivers: [],
      required: null,
    });
    await octokit.rest.checks.update({
      ...repo,
      check_run_id: checkRunId,
      status: 'completed',
      conclusion: output.conclusion,
      output: {
        title: output.title,
        summary: output.summary,
        annotations: output.annotations.slice(0, 50),
      },
    });
    return output.conclusion;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    options.log.error(
      { ...repo, sha: group.head_sha, err: reason },
      'merge group evaluation failed',
    );
    await octokit.rest.checks.update({
      ...repo,
      check_run_id: checkRunId,
      status: 'completed',
      conclusion: 'failure',
      output: {
        title: 'Readiness Gate could not evaluate the merge group',
        summary: `**Reason:** ${reason}\n\nRe-queue the pull request to try again.`,
      },
    });
    return 'failure';
  }
}
