import type { Octokit } from '@octokit/rest';
import type { GateSnapshot, GateSource } from '../core/gate/gate-snapshot.js';
import type { Rule } from '../core/rules/rule-types.js';
import type { AppIdentity } from '../github/app-identity.js';
import { createMergeGroupSource } from '../github/create-merge-group-source.js';
import {
  createPullRequestSource,
  type PullRequestState,
} from '../github/create-pull-request-source.js';
import type { ActionEvent } from './read-action-event.js';

export interface ActionSourceOptions {
  /** The built-in rule pack. */
  builtin: Rule[];
  /** The `config-path` input; `.github/readiness.yml` by default. */
  configPath?: string;
  /** The `phase` input: gate on this phase whatever the branch. */
  phase?: number;
  /** `GITHUB_SERVER_URL`, for links in the report (GitHub Enterprise Server has its own). */
  serverUrl?: string;
}

/**
 * Whose comments the Action trusts to carry its sticky marker and waiver acknowledgements: the
 * job token writes as `github-actions[bot]`.
 */
export const ACTION_IDENTITY: AppIdentity = { appId: null, botLogin: 'github-actions[bot]' };

export interface ActionSource extends GateSource {
  /** The pull request's comments and acknowledgements, set by `read()`; null for a merge group. */
  state: PullRequestState | null;
}

/**
 * The Action's source: the App's own pull-request and merge-group sources (config with
 * `_extends`, waivers from writers, the documents and the repository at head, the base
 * compared), plus the Action's inputs. A run for a head the pull request has moved on from
 * fails closed: the newer push runs its own check.
 */
export function createActionSource(
  event: Exclude<ActionEvent, { kind: 'ignored' }>,
  octokit: Octokit,
  options: ActionSourceOptions,
): ActionSource {
  const inputs = {
    builtin: options.builtin,
    identity: ACTION_IDENTITY,
    // A workflow's `GITHUB_TOKEN` usually reads no repository but its own.
    orgConfig: false,
    ...(options.configPath ? { configPath: options.configPath } : {}),
    ...(options.phase !== undefined ? { phase: options.phase } : {}),
  };
  const repo = { owner: event.owner, repo: event.repo };
  if (event.kind === 'merge_group') {
    const source = createMergeGroupSource(octokit, repo, event.mergeGroup, {
      ...inputs,
      ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}),
    });
    return { state: null, read: () => source.read() };
  }
  const source = createPullRequestSource(octokit, { ...repo, number: event.number }, inputs);
  const action: ActionSource = {
    state: null,
    async read(): Promise<GateSnapshot> {
      const snapshot = await source.read();
      action.state = source.state;
      const headSha = snapshot.target.headSha ?? '';
      if (event.headSha && event.headSha !== headSha)
        // The files GitHub lists are the newest push's: judging them under this run's older SHA
        // would report a verdict for code the run never saw.
        snapshot.unreadable.push(
          `the pull request at ${event.headSha.slice(0, 12)} (it has moved on to ${headSha.slice(0, 12)}, whose own run decides)`,
        );
      return snapshot;
    },
  };
  return action;
}
