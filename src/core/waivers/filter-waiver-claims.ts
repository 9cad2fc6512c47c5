import type { GateConfig } from '../config/config-types.js';
import type { WaiverClaim } from '../gate/gate-snapshot.js';

export interface FilteredWaiverClaims {
  /** Claims that may waive findings. */
  allowed: WaiverClaim[];
  /** Claims that may not, each with the reason to give (and log). */
  refused: Array<{ claim: WaiverClaim; reason: string }>;
}

/**
 * Drops the waivers the pull request's author gave on their own pull request, unless the base
 * branch's config sets `waivers.allowAuthor: true` (default false, like policy-bot): write
 * access alone must not let an author wave their own findings through. Logins compare
 * case-insensitively, as GitHub's do. Pure: the App calls it after checking permissions.
 */
export function filterWaiverClaims(
  claims: WaiverClaim[],
  author: string | null,
  config: Pick<GateConfig, 'waivers'>,
): FilteredWaiverClaims {
  const result: FilteredWaiverClaims = { allowed: [], refused: [] };
  const own = author?.toLowerCase() ?? null;
  for (const claim of claims) {
    if (!config.waivers.allowAuthor && own !== null && claim.by.toLowerCase() === own)
      result.refused.push({
        claim,
        reason:
          'the pull request’s author cannot waive its own findings (set `waivers.allowAuthor: true` in the base branch’s config to allow it)',
      });
    else result.allowed.push(claim);
  }
  return result;
}
