import { randomUUID } from 'node:crypto';
import type { Octokit } from '@octokit/rest';
import { CHECK_NAME } from '../core/gate/constants.js';
import { UNCONFIGURED_OUTPUT } from '../core/gate/decide-opt-in.js';

/**
 * A repository that has not opted in: a `neutral` run that says why, or nothing at all. A run
 * a slow read already started is concluded either way (`skipped`), never left `in_progress`.
 */
export async function publishUnconfigured(
  octokit: Octokit,
  options: {
    repo: { owner: string; repo: string };
    headSha: string;
    decision: 'skip' | 'neutral';
    started: Promise<number | null> | null;
  },
): Promise<number | null> {
  const { repo, decision } = options;
  const startedId = options.started ? await options.started : null;
  const body = {
    status: 'completed' as const,
    conclusion: decision === 'neutral' ? ('neutral' as const) : ('skipped' as const),
    completed_at: new Date().toISOString(),
    output: { ...UNCONFIGURED_OUTPUT },
  };
  if (startedId !== null) {
    await octokit.rest.checks.update({ ...repo, check_run_id: startedId, ...body });
    return startedId;
  }
  if (decision === 'skip') return null;
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name: CHECK_NAME,
    head_sha: options.headSha,
    external_id: randomUUID(),
    ...body,
  });
  return data.id;
}
