import type { Octokit } from '@octokit/rest';
import type { PrRef } from '../core/config/parse-pr-ref.js';
import { CONFIG_PATH } from '../core/gate/constants.js';
import type { GateSnapshot, GateSource, NotScannedFile } from '../core/gate/gate-snapshot.js';
import type { Rule } from '../core/rules/rule-types.js';
import type { AppIdentity } from './app-identity.js';
import { findStickyComment, listComments, type IssueComment } from './comments.js';
import { hasWritePermission } from './has-write-permission.js';
import {
  atConfigPath,
  completeChange,
  COMPARE_FILE_LIMIT,
  readCompareFiles,
  readGatedDocuments,
  readHeadTree,
  type HeadTree,
} from './read-change.js';
import {
  allowsAuthorWaivers,
  effectiveRules,
  followExtends,
  parseBaseConfig,
  validateChangedConfig,
} from './read-base-config.js';
import { getPullRequest, readRepoFile, type PullRequestData } from './read-pull-request.js';
import { buildWaiverClaims, readAcks, waiverCommands, type WaiverAck } from './waiver-claims.js';
import type { GitHubPullFile } from '../core/diff/github-file-to-change.js';

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

export interface PullRequestSourceOptions {
  builtin: Rule[];
  /** Whose comments carry trusted markers (the App's own). */
  identity: AppIdentity;
  /** The pull request as the event carried it (saves a request). */
  pull?: PullRequestData;
  /** Whether the check is required on a branch (cached by the caller); null when unknown. */
  required?: (branch: string) => Promise<boolean | null>;
  /** Where the config is read (the Action's `config-path` input); `.github/readiness.yml`. */
  configPath?: string;
  /** Gate on this phase whatever the branch (the Action's `phase` input). */
  phase?: number;
  /** False: no organisation-wide fallback (the Action's token reads only its repository). */
  orgConfig?: boolean;
}

/** What the sink needs besides the outcome: the PR, its sticky comment, the acknowledgements. */
export interface PullRequestState {
  pull: PullRequestData;
  comments: IssueComment[];
  sticky: IssueComment | null;
  acks: Map<number, WaiverAck>;
}

export interface PullRequestSource extends GateSource {
  /** The pull request (read once, from the event when it carried it). */
  pull(): Promise<PullRequestData>;
  /** Set by `read()`. */
  state: PullRequestState | null;
}

/**
 * A pull request on GitHub as a gate snapshot: every input read for the PR's own base and head
 * SHAs, in two rounds of parallel requests (a third only when `_extends` adds checklists).
 * Anything it cannot read is named in `unreadable`, so the gate fails closed.
 */
export function createPullRequestSource(
  octokit: Octokit,
  ref: PrRef,
  options: PullRequestSourceOptions,
): PullRequestSource {
  let pullPromise: Promise<PullRequestData> | null = options.pull
    ? Promise.resolve(options.pull)
    : null;
  const repo = { owner: ref.owner, repo: ref.repo };
  const source: PullRequestSource = {
    state: null,
    pull: () => (pullPromise ??= getPullRequest(octokit, ref)),
    async read(): Promise<GateSnapshot> {
      const pull = await source.pull();
      const baseSha = pull.base.sha;
      const headSha = pull.head.sha;
      const unreadable: string[] = [];
      const configPath = options.configPath ?? CONFIG_PATH;
      const [filesRead, treeRead, configRead, commentsRead, required] = await Promise.all([
        settle(readCompareFiles(octokit, repo, baseSha, headSha)),
        settle(readHeadTree(octokit, repo, headSha)),
        settle(readRepoFile(octokit, ref.owner, ref.repo, configPath, baseSha)),
        settle(listComments(octokit, ref)),
        options.required ? options.required(pull.base.ref).catch(() => null) : null,
      ]);
      let files: GitHubPullFile[] = filesRead.ok ? filesRead.value : [];
      if (!filesRead.ok) unreadable.push('the changed files');
      const tree: HeadTree | null = treeRead.ok ? treeRead.value : null;
      if (!tree) unreadable.push('the tree at head');
      if (!configRead.ok) unreadable.push(`the config ${configPath}`);
      const comments = commentsRead.ok ? commentsRead.value : [];
      if (!commentsRead.ok) unreadable.push('the pull request comments');
      const base = parseBaseConfig(configRead.ok ? configRead.value : null);

      // A comparison lists at most 300 files: a bigger PR is listed through the PR itself.
      if (filesRead.ok && files.length >= COMPARE_FILE_LIMIT && pull.changed_files > files.length) {
        const listed = await settle(
          octokit.paginate(octokit.rest.pulls.listFiles, {
            ...repo,
            pull_number: ref.number,
            per_page: 100,
          }),
        );
        if (listed.ok) files = listed.value as GitHubPullFile[];
        else unreadable.push('the changed files');
      }
      if (filesRead.ok && pull.changed_files > files.length)
        unreadable.push(
          `all changed files (GitHub lists ${files.length} of ${pull.changed_files})`,
        );

      const commands = waiverCommands(comments);
      const logins = [...new Set(commands.map(({ comment }) => comment.user?.login ?? ''))].filter(
        (login) => login !== '' && (allowsAuthorWaivers(base.config) || login !== pull.user?.login),
      );
      const headPaths = tree?.paths ?? [];
      const changedConfig = files.find(
        (file) => file.filename === configPath && file.status !== 'removed',
      );
      const extended = followExtends(octokit, ref.owner, base, ref.repo, {
        ...(options.orgConfig === false ? { orgConfig: false } : {}),
      });
      const [merged, documents, permissions, changeRead, changedConfigText] = await Promise.all([
        extended,
        readGatedDocuments(octokit, repo, {
          baseSha,
          headSha,
          headPaths: tree ? headPaths : null,
          files: filesRead.ok ? files : null,
          config: base.config,
          merged: extended.then((read) => ({
            config: read.config,
            rules: effectiveRules(options.builtin, read.config).rules,
          })),
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
        completeChange(octokit, repo, files, { baseSha, headSha, sizes: tree?.sizes ?? null }),
        changedConfig
          ? settle(readRepoFile(octokit, ref.owner, ref.repo, configPath, headSha))
          : null,
      ]);
      const notScanned: NotScannedFile[] = [...changeRead.notScanned];
      // A truncated listing may hide a checklist or a companion file: fail closed.
      if (tree?.truncated) unreadable.push('the whole tree at head (GitHub truncated the listing)');
      const errors = [...merged.errors];
      const resolved = effectiveRules(options.builtin, merged.config);
      errors.push(...resolved.errors);
      if (changedConfigText) {
        if (changedConfigText.ok && changedConfigText.value !== null)
          errors.push(...validateChangedConfig(changedConfigText.value, options.builtin));
        else if (!changedConfigText.ok) unreadable.push(`the changed ${configPath} at head`);
      }
      const acks = readAcks(comments, options.identity);
      const waivers = buildWaiverClaims(commands, {
        rules: new Set(resolved.rules.map((rule) => rule.id)),
        canWrite: new Map(permissions),
        prAuthor: pull.user?.login ?? null,
        allowAuthor: allowsAuthorWaivers(merged.config),
        acks,
      });
      source.state = {
        pull,
        comments,
        sticky: findStickyComment(comments, options.identity),
        acks,
      };
      return {
        target: {
          kind: 'pull_request',
          repository: `${ref.owner}/${ref.repo}`,
          number: ref.number,
          baseRef: pull.base.ref,
          baseSha,
          headSha,
          blobUrl: `${pull.base.repo.html_url}/blob/${headSha}`,
          required,
        },
        config: merged.config,
        configOrigin: merged.origin,
        rules: resolved.rules,
        errors: atConfigPath(errors, configPath, configRead.ok && configRead.value === null),
        changes: changeRead.changes,
        headPaths: tree ? headPaths : null,
        checklists: documents.checklists,
        notScanned,
        unreadable: [
          ...unreadable,
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
  return source;
}
