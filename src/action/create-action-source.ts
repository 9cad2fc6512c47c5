import type { Octokit } from '@octokit/rest';
import { CHECKS } from '../checks/index.js';
import { DEFAULT_CONFIG, type GateConfig } from '../core/config/config-types.js';
import { parseConfig } from '../core/config/parse-config.js';
import type { FileChange } from '../core/diff/diff-types.js';
import { githubFileToChange, type GitHubPullFile } from '../core/diff/github-file-to-change.js';
import { CONFIG_PATH } from '../core/gate/constants.js';
import type {
  GateSnapshot,
  GateSource,
  GateTarget,
  NotScannedFile,
} from '../core/gate/gate-snapshot.js';
import { selectChecklistPaths } from '../core/gate/run-gate.js';
import { resolveRules } from '../core/rules/resolve-rules.js';
import type { Rule, ValidationError } from '../core/rules/rule-types.js';
import { readConfig } from '../github/evaluate-pull-request.js';
import {
  getPullRequest,
  readPullRequest,
  readRepoFile,
  wrapGitHubError,
} from '../github/read-pull-request.js';
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

type Repo = { owner: string; repo: string };

/** The base branch's config, with `_extends` followed; the project's file:line validation. */
async function readBaseConfig(
  octokit: Octokit,
  repo: Repo,
  path: string,
  text: string | null,
): Promise<{ config: GateConfig; errors: ValidationError[] }> {
  if (text === null && path !== CONFIG_PATH) {
    // A `config-path` the workflow names on purpose: its absence is a mistake, not "defaults".
    const message = `Unexpected missing config, expected the file the \`config-path\` input names on the base branch`;
    return { config: DEFAULT_CONFIG, errors: [{ path, line: 1, column: 1, message }] };
  }
  if (text === null) return readConfig(octokit, { ...repo, number: 0 }, null);
  const local = parseConfig(text, path, CHECKS);
  if (!local.config.extends || local.errors.length > 0) return local;
  return readConfig(octokit, { ...repo, number: 0 }, text);
}

/** A change that edits the gate's own config is validated at head: its errors block. */
async function validateChangedConfig(
  octokit: Octokit,
  repo: Repo,
  path: string,
  changes: FileChange[],
  headSha: string,
  builtin: Rule[],
  unreadable: string[],
): Promise<ValidationError[]> {
  if (!changes.some((change) => change.path === path && change.status !== 'deleted')) return [];
  const text = await readRepoFile(octokit, repo.owner, repo.repo, path, headSha);
  if (text === null) {
    unreadable.push(`the changed config ${path} at ${headSha.slice(0, 12)}`);
    return [];
  }
  const parsed = parseConfig(text, path, CHECKS);
  return [...parsed.errors, ...resolveRules(builtin, parsed.config, path).errors];
}

/** The readiness documents at head; a listed document that cannot be read fails closed. */
async function readChecklists(
  octokit: Octokit,
  repo: Repo,
  config: GateConfig,
  headPaths: Iterable<string>,
  headSha: string,
  unreadable: string[],
): Promise<Array<{ path: string; text: string }>> {
  const read = await Promise.all(
    selectChecklistPaths(config, headPaths).map(async (path) => ({
      path,
      text: await readRepoFile(octokit, repo.owner, repo.repo, path, headSha),
    })),
  );
  const found: Array<{ path: string; text: string }> = [];
  for (const { path, text } of read) {
    if (text === null) unreadable.push(`the readiness document ${path} at ${headSha.slice(0, 12)}`);
    else found.push({ path, text });
  }
  return found;
}

async function readPullRequestSnapshot(
  event: Extract<ActionEvent, { kind: 'pull_request' }>,
  octokit: Octokit,
  options: ActionSourceOptions,
): Promise<GateSnapshot> {
  const repo = { owner: event.owner, repo: event.repo };
  const ref = { ...repo, number: event.number };
  const configPath = options.configPath ?? CONFIG_PATH;
  const pull = await getPullRequest(octokit, ref);
  const inputs = await readPullRequest(octokit, ref, pull);
  const unreadable: string[] = [];
  if (event.headSha && event.headSha !== inputs.headSha) {
    // The files GitHub lists are the newest push's: judging them under this run's older SHA
    // would report a verdict for code the run never saw. The newer push runs its own check.
    unreadable.push(
      `the pull request at ${event.headSha.slice(0, 12)} (it has moved on to ${inputs.headSha.slice(0, 12)}, whose own run decides)`,
    );
  }
  const configText =
    configPath === CONFIG_PATH
      ? inputs.configText
      : await readRepoFile(octokit, repo.owner, repo.repo, configPath, inputs.baseRef);
  const base = await readBaseConfig(octokit, repo, configPath, configText);
  const resolved = resolveRules(options.builtin, base.config, configPath);
  const [changedErrors, checklists] = await Promise.all([
    validateChangedConfig(
      octokit,
      repo,
      configPath,
      inputs.changes,
      inputs.headSha,
      options.builtin,
      unreadable,
    ),
    readChecklists(octokit, repo, base.config, inputs.headPaths, inputs.headSha, unreadable),
  ]);
  const target: GateTarget = {
    kind: 'pull_request',
    repository: `${repo.owner}/${repo.repo}`,
    number: event.number,
    baseRef: inputs.baseRef,
    baseSha: inputs.baseSha,
    headSha: inputs.headSha,
    blobUrl: inputs.htmlBase,
    required: null,
  };
  return {
    target,
    config: base.config,
    rules: resolved.rules,
    errors: [...base.errors, ...resolved.errors, ...changedErrors],
    changes: inputs.changes,
    headPaths: [...inputs.headPaths],
    checklists,
    notScanned: inputs.notScanned,
    unreadable,
    waivers: [],
    ...(options.phase !== undefined ? { phase: options.phase } : {}),
  };
}

/** GitHub's compare lists at most this many files. */
const COMPARE_FILE_LIMIT = 300;

async function readMergeGroupSnapshot(
  event: Extract<ActionEvent, { kind: 'merge_group' }>,
  octokit: Octokit,
  options: ActionSourceOptions,
): Promise<GateSnapshot> {
  const repo = { owner: event.owner, repo: event.repo };
  const group = event.mergeGroup;
  const configPath = options.configPath ?? CONFIG_PATH;
  const [compare, tree, configText] = await Promise.all([
    octokit.rest.repos
      .compareCommitsWithBasehead({
        ...repo,
        basehead: `${group.base_sha}...${group.head_sha}`,
        per_page: 100,
      })
      .catch((error: unknown) => {
        throw wrapGitHubError('the merge group compare', error);
      }),
    octokit.rest.git
      .getTree({ ...repo, tree_sha: group.head_sha, recursive: 'true' })
      .catch((error: unknown) => {
        throw wrapGitHubError('the tree at the merge group head', error);
      }),
    readRepoFile(octokit, repo.owner, repo.repo, configPath, group.base_sha),
  ]);
  const base = await readBaseConfig(octokit, repo, configPath, configText);
  const resolved = resolveRules(options.builtin, base.config, configPath);
  const files = (compare.data.files ?? []) as GitHubPullFile[];
  const changes: FileChange[] = [];
  const notScanned: NotScannedFile[] = [];
  for (const file of files) {
    const { change, patch } = githubFileToChange(file);
    if (!patch) {
      change.binary = true;
      notScanned.push({ path: file.filename, reason: 'GitHub sent no patch for this file' });
    }
    changes.push(change);
  }
  if (files.length >= COMPARE_FILE_LIMIT)
    notScanned.push({
      path: '*',
      reason: `GitHub's compare lists at most ${COMPARE_FILE_LIMIT} files; any further files were not scanned`,
    });
  if (tree.data.truncated)
    notScanned.push({
      path: '*',
      reason:
        'the repository tree is too large for one listing: checklist discovery and companion files may be incomplete',
    });
  const headPaths = tree.data.tree
    .filter((entry) => entry.type === 'blob' && entry.path)
    .map((entry) => entry.path as string);
  const unreadable: string[] = [];
  const [changedErrors, checklists] = await Promise.all([
    validateChangedConfig(
      octokit,
      repo,
      configPath,
      changes,
      group.head_sha,
      options.builtin,
      unreadable,
    ),
    readChecklists(octokit, repo, base.config, headPaths, group.head_sha, unreadable),
  ]);
  const serverUrl = options.serverUrl ?? 'https://github.com';
  return {
    target: {
      kind: 'merge_group',
      repository: `${repo.owner}/${repo.repo}`,
      number: null,
      baseRef: group.base_ref.replace(/^refs\/heads\//, ''),
      baseSha: group.base_sha,
      headSha: group.head_sha,
      blobUrl: `${serverUrl}/${repo.owner}/${repo.repo}/blob/${group.head_sha}`,
      required: null,
    },
    config: base.config,
    rules: resolved.rules,
    errors: [...base.errors, ...resolved.errors, ...changedErrors],
    changes,
    headPaths,
    checklists,
    notScanned,
    unreadable,
    waivers: [],
    ...(options.phase !== undefined ? { phase: options.phase } : {}),
  };
}

/**
 * The Action's source, built on the App's existing GitHub reads (an adapter kept small so the
 * App's pull-request and merge-group sources can replace it). Waivers are not read yet.
 */
export function createActionSource(
  event: Exclude<ActionEvent, { kind: 'ignored' }>,
  octokit: Octokit,
  options: ActionSourceOptions,
): GateSource {
  return {
    read: () =>
      event.kind === 'merge_group'
        ? readMergeGroupSnapshot(event, octokit, options)
        : readPullRequestSnapshot(event, octokit, options),
  };
}
