import type { Octokit } from '@octokit/rest';
import { CHECK_NAME } from '../core/gate/constants.js';
import { isCheckRequired } from './is-check-required.js';

const REQUIRED_TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;

/** Whether branch protection requires the gate's check, remembered for five minutes per branch. */
export function createRequiredCheckCache(): (
  octokit: Octokit,
  owner: string,
  repo: string,
) => (branch: string) => Promise<boolean | null> {
  const required = new Map<string, { at: number; value: Promise<boolean | null> }>();
  return (octokit, owner, repo) => (branch) => {
    const key = `${owner}/${repo}@${branch}`;
    const cached = required.get(key);
    if (cached && Date.now() - cached.at < REQUIRED_TTL_MS) return cached.value;
    const value = isCheckRequired(octokit, { owner, repo, number: 0 }, branch, CHECK_NAME);
    required.set(key, { at: Date.now(), value });
    if (required.size > MAX_ENTRIES) required.delete(required.keys().next().value as string);
    return value;
  };
}
