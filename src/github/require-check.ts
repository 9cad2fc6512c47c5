import type { Octokit } from '@octokit/rest';

export interface RequireCheckResult {
  branch: string;
  changed: boolean;
  message: string;
}

const status = (error: unknown) => (error as { status?: number }).status;

/**
 * Makes a check required on a branch through classic branch protection, idempotently, keeping
 * every other protection setting as it was.
 */
export async function requireCheck(
  octokit: Octokit,
  owner: string,
  repo: string,
  branch: string | undefined,
  check: string,
): Promise<RequireCheckResult> {
  const target = branch ?? (await octokit.rest.repos.get({ owner, repo })).data.default_branch;
  const where = `${owner}/${repo}@${target}`;
  let protection;
  try {
    protection = (await octokit.rest.repos.getBranchProtection({ owner, repo, branch: target }))
      .data;
  } catch (error) {
    if (status(error) !== 404) throw error;
  }
  if (!protection) {
    await octokit.rest.repos.updateBranchProtection({
      owner,
      repo,
      branch: target,
      required_status_checks: { strict: false, contexts: [check] },
      enforce_admins: null,
      required_pull_request_reviews: null,
      restrictions: null,
    });
    return {
      branch: target,
      changed: true,
      message: `${where} was not protected: added branch protection that requires "${check}" (nothing else).`,
    };
  }
  const checks = protection.required_status_checks;
  if (
    checks?.contexts?.includes(check) ||
    checks?.checks?.some((entry) => entry.context === check)
  ) {
    return {
      branch: target,
      changed: false,
      message: `${where} already requires "${check}": nothing changed.`,
    };
  }
  if (checks) {
    await octokit.rest.repos.addStatusCheckContexts({
      owner,
      repo,
      branch: target,
      contexts: [check],
    });
    return {
      branch: target,
      changed: true,
      message: `${where}: added "${check}" to the required status checks (kept ${checks.contexts?.length ?? 0} existing).`,
    };
  }
  const reviews = protection.required_pull_request_reviews;
  const restrictions = protection.restrictions;
  await octokit.rest.repos.updateBranchProtection({
    owner,
    repo,
    branch: target,
    required_status_checks: { strict: false, contexts: [check] },
    enforce_admins: protection.enforce_admins?.enabled ?? null,
    required_pull_request_reviews: reviews
      ? {
          dismiss_stale_reviews: reviews.dismiss_stale_reviews,
          require_code_owner_reviews: reviews.require_code_owner_reviews,
          required_approving_review_count: reviews.required_approving_review_count,
          require_last_push_approval: reviews.require_last_push_approval,
        }
      : null,
    restrictions: restrictions
      ? {
          users: restrictions.users.map((user) => user.login ?? '').filter(Boolean),
          teams: restrictions.teams.map((team) => team.slug ?? '').filter(Boolean),
          apps: (restrictions.apps ?? []).map((app) => app?.slug ?? '').filter(Boolean),
        }
      : null,
    required_linear_history: protection.required_linear_history?.enabled,
    allow_force_pushes: protection.allow_force_pushes?.enabled,
    allow_deletions: protection.allow_deletions?.enabled,
    required_conversation_resolution: protection.required_conversation_resolution?.enabled,
  });
  return {
    branch: target,
    changed: true,
    message: `${where}: turned on required status checks with "${check}", keeping the other protection settings.`,
  };
}
