import type { Octokit } from '@octokit/rest';
import { CONFIG_PATH } from '../core/gate/constants.js';
import type { GateSnapshot, GateSource } from '../core/gate/gate-snapshot.js';
import type { Rule } from '../core/rules/rule-types.js';
import type { AppIdentity } from './app-identity.js';
import { listComments } from './comments.js';
import { hasWritePermission } from './has-write-permission.js';
import {
  atConfigPath,
  completeChange,
  COMPARE_FILE_LIMIT,
  readCompareFiles,
  readGatedDocuments,
  readHeadTree,
} from './read-change.js';
import {
  allowsAuthorWaivers,
  effectiveRules,
  followExtends,
  parseBaseConfig,
  validateChangedConfig,
} from './read-base-config.js';
import { readRepoFile } from './read-pull-request.js';
import { buildWaiverClaims, readAcks, waiverCommands } from './waiver-claims.js';

export interface MergeGroup {
  head_sha: string;
  base_sha: string;
  base_ref: string;
  head_ref?: string;
}

/** The pull request a merge group was queued for: `gh-readonly-queue/<base>/pr-<N>-<sha>`. */
export function mergeGroupPullNumber(headRef: string | undefined): number | null {
  const match = /\/pr-(\d{1,10})-[0-9a-f]{7,64}$/.exec(headRef ?? '');
  return match ? Number(match[1]) : null;
}

/**
 * A merge group as a gate snapshot: the queue's merge commit against its base, with the same
 * config, `_extends`, changed-config validation and waivers as the pull request. Only waivers
 * this App already acknowledged on the PR count: the queue never records new ones.
 */
export function createMergeGroupSource(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  group: MergeGroup,
  options: {
    builtin: Rule[];
    identity: AppIdentity;
    prAuthor?: string | null;
    /** Where the config is read (the Action's `config-path` input); `.github/readiness.yml`. */
    configPath?: string;
    /** Gate on this phase whatever the branch (the Action's `phase` input). */
    phase?: number;
    /** `https://github.com` or a GitHub Enterprise Server, for links to files in reports. */
    serverUrl?: string;
    /** False: no organisation-wide fallback (the Action's token reads only its repository). */
    orgConfig?: boolean;
  },
): GateSource {
  return {
    async read(): Promise<GateSnapshot> {
      const number = mergeGroupPullNumber(group.head_ref);
      const ref = { ...repo, number: number ?? 0 };
      const unreadable: string[] = [];
      const configPath = options.configPath ?? CONFIG_PATH;
      const [filesRead, treeRead, configRead, commentsRead, pullRead] = await Promise.allSettled([
        readCompareFiles(octokit, repo, group.base_sha, group.head_sha),
        readHeadTree(octokit, repo, group.head_sha),
        readRepoFile(octokit, repo.owner, repo.repo, configPath, group.base_sha),
        number !== null ? listComments(octokit, ref) : Promise.resolve([]),
        number !== null && options.prAuthor === undefined
          ? octokit.rest.pulls
              .get({ ...repo, pull_number: number })
              .then(({ data }) => data.user?.login ?? null)
          : Promise.resolve(options.prAuthor ?? null),
      ]);
      const files = filesRead.status === 'fulfilled' ? filesRead.value : [];
      if (filesRead.status === 'rejected') unreadable.push('the changed files');
      else if (files.length >= COMPARE_FILE_LIMIT)
        unreadable.push(`all changed files (a comparison lists at most ${COMPARE_FILE_LIMIT})`);
      const tree = treeRead.status === 'fulfilled' ? treeRead.value : null;
      if (!tree) unreadable.push('the tree at head');
      if (configRead.status === 'rejected') unreadable.push(`the config ${configPath}`);
      const comments = commentsRead.status === 'fulfilled' ? commentsRead.value : [];
      if (commentsRead.status === 'rejected') unreadable.push('the pull request comments');
      const prAuthor = pullRead.status === 'fulfilled' ? pullRead.value : null;
      if (pullRead.status === 'rejected') unreadable.push(`pull request #${number}`);
      const base = parseBaseConfig(configRead.status === 'fulfilled' ? configRead.value : null);
      const commands = waiverCommands(comments);
      const logins = [...new Set(commands.map(({ comment }) => comment.user?.login ?? ''))].filter(
        Boolean,
      );
      const changedConfig = files.find(
        (file) => file.filename === configPath && file.status !== 'removed',
      );
      const extended = followExtends(octokit, repo.owner, base, repo.repo, {
        ...(options.orgConfig === false ? { orgConfig: false } : {}),
      });
      const [merged, changeRead, permissions, changedConfigText, documents] = await Promise.all([
        extended,
        completeChange(octokit, repo, files, {
          baseSha: group.base_sha,
          headSha: group.head_sha,
          sizes: tree?.sizes ?? null,
        }),
        Promise.all(
          logins.map(async (login) => {
            try {
              return [login, await hasWritePermission(octokit, repo, login)] as const;
            } catch {
              unreadable.push(`the permission of @${login}`);
              return [login, false] as const;
            }
          }),
        ),
        changedConfig
          ? readRepoFile(octokit, repo.owner, repo.repo, configPath, group.head_sha).catch(
              () => undefined,
            )
          : null,
        readGatedDocuments(octokit, repo, {
          baseSha: group.base_sha,
          headSha: group.head_sha,
          headPaths: tree?.paths ?? null,
          // A listing cut at 300 files may hide a touched document: the gate fails closed then.
          files: filesRead.status === 'fulfilled' ? files : null,
          config: base.config,
          merged: extended.then((read) => ({
            config: read.config,
            rules: effectiveRules(options.builtin, read.config).rules,
          })),
        }),
      ]);
      const headPaths = tree?.paths ?? [];
      const resolved = effectiveRules(options.builtin, merged.config);
      const errors = [...merged.errors, ...resolved.errors];
      if (changedConfigText === undefined) unreadable.push(`the changed ${configPath} at head`);
      else if (changedConfigText !== null)
        errors.push(...validateChangedConfig(changedConfigText, options.builtin));
      const waivers = buildWaiverClaims(commands, {
        rules: new Set(resolved.rules.map((rule) => rule.id)),
        canWrite: new Map(permissions),
        prAuthor,
        allowAuthor: allowsAuthorWaivers(merged.config),
        acks: readAcks(comments, options.identity),
      }).filter((claim) => claim.fingerprints !== null);
      const branch = group.base_ref.replace(/^refs\/heads\//, '');
      return {
        target: {
          kind: 'merge_group',
          repository: `${repo.owner}/${repo.repo}`,
          number,
          baseRef: branch,
          baseSha: group.base_sha,
          headSha: group.head_sha,
          blobUrl: options.serverUrl
            ? `${options.serverUrl}/${repo.owner}/${repo.repo}/blob/${group.head_sha}`
            : null,
          required: null,
        },
        config: merged.config,
        configOrigin: merged.origin,
        rules: resolved.rules,
        errors: atConfigPath(
          errors,
          configPath,
          configRead.status === 'fulfilled' && configRead.value === null,
        ),
        changes: changeRead.changes,
        headPaths: tree ? headPaths : null,
        checklists: documents.checklists,
        notScanned: changeRead.notScanned,
        unreadable: [
          ...unreadable,
          ...(tree?.truncated ? ['the whole tree at head (GitHub truncated the listing)'] : []),
          ...merged.unreadable,
          ...changeRead.unreadable,
          ...documents.unreadable,
        ],
        waivers,
        ...(options.phase !== undefined ? { phase: options.phase } : {}),
        ...(documents.baseChecklists ? { baseChecklists: documents.baseChecklists } : {}),
        ...(documents.repository ? { repository: documents.repository } : {}),
      };
    },
  };
}
