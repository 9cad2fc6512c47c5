import type { Octokit } from '@octokit/rest';
import type { PrRef } from '../core/config/parse-pr-ref.js';

/**
 * Whether branch protection or a ruleset requires the check on the base branch; null when the
 * App cannot tell (the answer only changes a note in the summary, never the verdict).
 */
export async function isCheckRequired(
  octokit: Octokit,
  ref: PrRef,
  branch: string,
  name: string,
): Promise<boolean | null> {
  try {
    const [protection, rules] = await Promise.all([
      octokit.rest.repos.getBranch({ owner: ref.owner, repo: ref.repo, branch }),
      octokit.rest.repos
        .getBranchRules({ owner: ref.owner, repo: ref.repo, branch })
        .catch(() => ({ data: [] })),
    ]);
    const classic = protection.data.protection?.required_status_checks;
    if (
      classic?.contexts?.includes(name) ||
      classic?.checks?.some((check) => check.context === name)
    )
      return true;
    for (const rule of rules.data as Array<{
      type: string;
      parameters?: { required_status_checks?: Array<{ context: string }> };
    }>) {
      if (
        rule.type === 'required_status_checks' &&
        rule.parameters?.required_status_checks?.some((check) => check.context === name)
      )
        return true;
    }
    return false;
  } catch {
    return null;
  }
}
