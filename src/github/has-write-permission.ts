import type { Octokit } from '@octokit/rest';
import type { PrRef } from '../core/config/parse-pr-ref.js';

const WRITERS = new Set(['admin', 'maintain', 'write']);

/** Write, maintain or admin on the repository, from the collaborator-permission API. */
export async function hasWritePermission(
  octokit: Octokit,
  ref: Pick<PrRef, 'owner' | 'repo'>,
  username: string,
): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
      owner: ref.owner,
      repo: ref.repo,
      username,
    });
    const role = (data as { role_name?: string }).role_name;
    return WRITERS.has(data.permission) || (role !== undefined && WRITERS.has(role));
  } catch (error) {
    // Not a collaborator at all (404) means no permission; other failures must not grant it.
    if ((error as { status?: number }).status === 404) return false;
    throw error;
  }
}
