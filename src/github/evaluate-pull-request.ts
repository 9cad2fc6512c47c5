import type { Octokit } from '@octokit/rest';
import { CHECK_NAME, CONFIG_PATH } from '../core/gate/constants.js';
import type { Logger } from '../logger.js';
import type { Waiver } from '../core/waivers/apply-waivers.js';
import { applyWaivers } from '../core/waivers/apply-waivers.js';
import { computeVerdict, type Verdict } from '../core/gate/compute-verdict.js';
import { DEFAULT_CONFIG, type GateConfig } from '../core/config/config-types.js';
import { mergeConfigs } from '../core/config/merge-configs.js';
import { parseConfig } from '../core/config/parse-config.js';
import type { PrRef } from '../core/config/parse-pr-ref.js';
import {
  ANNOTATIONS_PER_REQUEST,
  renderCheckOutput,
  truncate,
} from '../core/render/render-check-output.js';
import { renderStickyComment } from '../core/render/render-sticky-comment.js';
import { resolveRules } from '../core/rules/resolve-rules.js';
import type { Rule, ValidationError } from '../core/rules/rule-types.js';
import { runGate, selectChecklistPaths } from '../core/gate/run-gate.js';
import {
  findStickyComment,
  listComments,
  upsertStickyComment,
  type IssueComment,
} from './comments.js';
import { isCheckRequired } from './is-check-required.js';
import {
  getPullRequest,
  readPullRequest,
  readRepoFile,
  type PullRequestData,
} from './read-pull-request.js';
import { resolveWaivers } from './resolve-waivers.js';
import { startCheckRun } from './start-check-run.js';
import { CHECKS } from '../checks/index.js';

export interface EvaluationResult {
  verdict: Verdict | null;
  conclusion: 'success' | 'failure';
  checkRunId: number | null;
  commented: 'created' | 'updated' | 'unchanged' | 'skipped';
  waivers: Waiver[];
}

function configError(path: string, message: string): ValidationError {
  return { path, line: 1, column: 1, message };
}

/** Reads `.github/readiness.yml` from the base branch, following `_extends` once. */
export async function readConfig(
  octokit: Octokit,
  ref: PrRef,
  baseText: string | null,
): Promise<{ config: GateConfig; errors: ValidationError[] }> {
  if (baseText === null) return { config: DEFAULT_CONFIG, errors: [] };
  const path = CONFIG_PATH;
  const local = parseConfig(baseText, path, CHECKS);
  if (!local.config.extends || local.errors.length > 0) return local;
  const match = /^(?:([\w.-]+)\/)?([\w.-]+)(?::(.+))?$/.exec(local.config.extends);
  if (!match) {
    return {
      config: local.config,
      errors: [
        configError(
          path,
          `Unexpected \`_extends: ${local.config.extends}\`, expected \`.github\`, \`owner/repo\` or \`owner/repo:path\``,
        ),
      ],
    };
  }
  const owner = match[1] ?? ref.owner;
  const repo = match[2] as string;
  const file = match[3] ?? path;
  const text = await readRepoFile(octokit, owner, repo, file, undefined);
  if (text === null) {
    return {
      config: local.config,
      errors: [
        configError(
          path,
          `Unexpected \`_extends\` target ${owner}/${repo}:${file}, expected a readable config there`,
        ),
      ],
    };
  }
  const parent = parseConfig(text, `${owner}/${repo}:${file}`, CHECKS);
  return { config: mergeConfigs(parent.config, local.config, baseText), errors: parent.errors };
}

/** Config, rule or checklist files the PR changes: validated at head, errors block. */
async function validateChangedGateFiles(
  inputs: Awaited<ReturnType<typeof readPullRequest>>,
  builtin: Rule[],
): Promise<ValidationError[]> {
  const config = inputs.changes.find(
    (change) => change.path === CONFIG_PATH && change.status !== 'deleted',
  );
  if (!config) return [];
  const text = await inputs.readAtHead(config.path);
  const parsed = parseConfig(text, config.path, CHECKS);
  return [...parsed.errors, ...resolveRules(builtin, parsed.config, config.path).errors];
}

export interface EvaluateOptions {
  builtin: Rule[];
  log: Logger;
  /** The pull request payload when the event carried it (saves a request). */
  pull?: PullRequestData;
}

/**
 * The whole gate on one pull request: a check run created `in_progress` and always brought to
 * a conclusion, annotations in batches of 50, and one sticky comment edited only on change.
 */
export async function evaluatePullRequest(
  octokit: Octokit,
  ref: PrRef,
  options: EvaluateOptions,
): Promise<EvaluationResult> {
  const { log } = options;
  const pull = options.pull ?? (await getPullRequest(octokit, ref));
  const headSha = pull.head.sha;
  const where = { owner: ref.owner, repo: ref.repo, pull: ref.number, sha: headSha };
  const checkRunId = await startCheckRun(
    octokit,
    { owner: ref.owner, repo: ref.repo },
    CHECK_NAME,
    headSha,
  );
  try {
    const [inputs, comments, required] = await Promise.all([
      readPullRequest(octokit, ref, pull),
      listComments(octokit, ref),
      isCheckRequired(octokit, ref, pull.base.ref, CHECK_NAME),
    ]);
    const { config, errors: configErrors } = await readConfig(octokit, ref, inputs.configText);
    const resolved = resolveRules(options.builtin, config, CONFIG_PATH);
    const changedErrors = await validateChangedGateFiles(inputs, options.builtin);
    const paths = selectChecklistPaths(config, inputs.headPaths);
    const checklists = await Promise.all(
      paths.map(async (path) => ({ path, text: await inputs.readAtHead(path) })),
    );
    const { verdict: unwaived } = runGate(
      {
        target: {
          kind: 'pull_request',
          repository: null,
          number: null,
          baseRef: inputs.baseRef,
          baseSha: null,
          headSha: null,
          blobUrl: null,
          required: null,
        },
        config,
        rules: resolved.rules,
        changes: inputs.changes,
        headPaths: [...inputs.headPaths],
        checklists,
        errors: [...configErrors, ...resolved.errors, ...changedErrors],
        notScanned: inputs.notScanned,
        unreadable: [],
        waivers: [],
      },
      CHECKS,
    );
    const waivers = await resolveWaivers(octokit, ref, comments, {
      rules: new Set(resolved.rules.map((rule) => rule.id)),
      findings: unwaived.findings,
      log,
    });
    const verdict = computeVerdict({
      documents: unwaived.documents,
      findings: applyWaivers(unwaived.findings, waivers),
      errors: unwaived.errors,
      phase: unwaived.gate.phases[0] ?? 1,
      untracked: config.untracked,
    });
    const output = renderCheckOutput(verdict, {
      blobUrl: inputs.htmlBase,
      notScanned: inputs.notScanned,
      waivers,
      required,
    });
    const batches: (typeof output.annotations)[] = [];
    for (let i = 0; i < output.annotations.length; i += ANNOTATIONS_PER_REQUEST) {
      batches.push(output.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
    }
    // GitHub appends annotations on each update: the first batch completes the run, the rest follow.
    await octokit.rest.checks.update({
      owner: ref.owner,
      repo: ref.repo,
      check_run_id: checkRunId,
      status: 'completed',
      conclusion: output.conclusion,
      completed_at: new Date().toISOString(),
      output: { title: output.title, summary: output.summary, annotations: batches[0] ?? [] },
      actions: [
        { label: 'Re-check', description: 'Evaluate the gate again', identifier: 'recheck' },
      ],
    });
    for (const batch of batches.slice(1)) {
      await octokit.rest.checks.update({
        owner: ref.owner,
        repo: ref.repo,
        check_run_id: checkRunId,
        output: { title: output.title, summary: output.summary, annotations: batch },
      });
    }
    let commented: EvaluationResult['commented'] = 'skipped';
    if (!pull.draft || config.comment.drafts) {
      // A newer push supersedes this evaluation: its own run will write the comment.
      const latest = await getPullRequest(octokit, ref);
      if (latest.head.sha === headSha) {
        const body = renderStickyComment(verdict, {
          blobUrl: inputs.htmlBase,
          notScanned: inputs.notScanned,
          waivers,
          headSha,
        });
        commented = await upsertStickyComment(octokit, ref, findStickyComment(comments), body);
      } else {
        log.info(
          { ...where, latest: latest.head.sha },
          'superseded by a newer push; comment left to its evaluation',
        );
      }
    }
    log.info(
      { ...where, conclusion: output.conclusion, findings: verdict.findings.length, commented },
      'readiness gate evaluated',
    );
    return { verdict, conclusion: output.conclusion, checkRunId, commented, waivers };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log.error({ ...where, err: reason }, 'readiness gate evaluation failed');
    await octokit.rest.checks.update({
      owner: ref.owner,
      repo: ref.repo,
      check_run_id: checkRunId,
      status: 'completed',
      conclusion: 'failure',
      completed_at: new Date().toISOString(),
      output: {
        title: 'Readiness Gate could not evaluate this pull request',
        summary: truncate(
          `The gate failed closed: it could not finish.\n\n**Reason:** ${reason}\n\nRe-run it with the **Re-check** button on this check, or comment \`/readiness check\` on the pull request.`,
        ),
      },
      actions: [
        { label: 'Re-check', description: 'Evaluate the gate again', identifier: 'recheck' },
      ],
    });
    return { verdict: null, conclusion: 'failure', checkRunId, commented: 'skipped', waivers: [] };
  }
}

/** The rules in effect on a base branch: the built-in pack with the repository's changes. */
export async function loadEffectiveRules(
  octokit: Octokit,
  ref: PrRef,
  baseRef: string,
  builtin: Rule[],
): Promise<Rule[]> {
  const text = await readRepoFile(octokit, ref.owner, ref.repo, CONFIG_PATH, baseRef);
  const { config } = await readConfig(octokit, ref, text);
  return resolveRules(builtin, config, CONFIG_PATH).rules;
}

export type { IssueComment };
