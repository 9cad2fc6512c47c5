import type { Octokit } from '@octokit/rest';

/** The button a gate's check run offers to evaluate again (`check_run.requested_action`). */
export const RECHECK_ACTIONS = [
  { label: 'Re-check', description: 'Evaluate the gate again', identifier: 'recheck' },
];

/** Concludes a check run its evaluation left `in_progress` as a failure that says why. */
export async function concludeUnfinishedRun(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  runId: number,
  summary: string,
  actions?: typeof RECHECK_ACTIONS,
): Promise<void> {
  await octokit.rest.checks.update({
    ...repo,
    check_run_id: runId,
    status: 'completed',
    conclusion: 'failure',
    completed_at: new Date().toISOString(),
    output: { title: 'Readiness Gate could not finish', summary },
    ...(actions ? { actions } : {}),
  });
}
