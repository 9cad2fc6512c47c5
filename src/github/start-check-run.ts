import type { Octokit } from '@octokit/rest';

const STARTED = {
  title: 'Evaluating the readiness gate…',
  summary: 'Reading the readiness documents and the change.',
};

/**
 * One check run per name and head SHA: the existing run is put back `in_progress` and reused;
 * only when there is none (or it belongs to another app) is a new one created.
 */
export async function startCheckRun(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  name: string,
  headSha: string,
): Promise<number> {
  const started_at = new Date().toISOString();
  const existing = await octokit.rest.checks
    .listForRef({ ...repo, ref: headSha, check_name: name, filter: 'latest', per_page: 1 })
    .then(({ data }) => data.check_runs[0])
    .catch(() => undefined);
  if (existing) {
    try {
      await octokit.rest.checks.update({
        ...repo,
        check_run_id: existing.id,
        status: 'in_progress',
        started_at,
        output: STARTED,
      });
      return existing.id;
    } catch {
      // Another app's run of the same name: leave it alone and create our own.
    }
  }
  const created = await octokit.rest.checks.create({
    ...repo,
    name,
    head_sha: headSha,
    status: 'in_progress',
    started_at,
    output: STARTED,
  });
  return created.data.id;
}
