import type { IssueComment } from './comments.js';
import type { MergeGroup } from './create-merge-group-source.js';
import type { PullRequestData } from './read-pull-request.js';

/** What a job carries: plain JSON, so a Redis-backed queue can hold it too. */
export type JobData =
  | { kind: 'pull_request'; owner: string; repo: string; number: number; pull?: PullRequestData }
  | { kind: 'merge_group'; owner: string; repo: string; group: MergeGroup }
  | { kind: 'command'; owner: string; repo: string; number: number; comment: IssueComment }
  | { kind: 'push'; owner: string; repo: string; branch: string };

/** The queue key of a pull request: one evaluation at a time per key. */
export function toPullRequestKey(owner: string, repo: string, number: number): string {
  return `${owner}/${repo}#${number}`;
}
