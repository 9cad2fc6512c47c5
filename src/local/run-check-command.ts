import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_CONFIG, type GateConfig } from '../core/config/config-types.js';
import { parseConfig } from '../core/config/parse-config.js';
import { parseUnifiedDiff } from '../core/diff/parse-unified-diff.js';
import type { Verdict } from '../core/gate/compute-verdict.js';
import { renderNotScanned } from '../core/render/render-check-output.js';
import { renderReportMarkdown, type LinkOptions } from '../core/render/render-report-markdown.js';
import { renderReportText } from '../core/render/render-report-text.js';
import { resolveRules } from '../core/rules/resolve-rules.js';
import { runGate, selectChecklistPaths } from '../core/gate/run-gate.js';
import type { Rule, ValidationError } from '../core/rules/rule-types.js';
import { CliError } from './cli-error.js';
import type { CommandResult } from './command-result.js';
import { defaultBase, git, readBlobs } from './git.js';
import { loadBuiltinRules } from './load-builtin-rules.js';
import { CHECKS } from '../checks/index.js';
import { CONFIG_PATH } from '../core/gate/constants.js';

export const WORKTREE = 'WORKTREE';

export interface CheckOptions {
  repo: string;
  base?: string;
  head?: string;
  phase?: number;
  config?: string;
  format: 'text' | 'json' | 'markdown';
}

/** Config and effective rules from the config's text; any error is bad input (exit 2) at file:line. */
export function setupFromConfigText(
  text: string | null,
  shown: string,
): { config: GateConfig; rules: Rule[]; configPath: string } {
  let config = DEFAULT_CONFIG;
  const errors: ValidationError[] = [];
  if (text !== null) {
    const parsed = parseConfig(text, shown, CHECKS);
    config = parsed.config;
    errors.push(...parsed.errors);
  }
  const builtin = loadBuiltinRules();
  errors.push(...builtin.errors);
  const resolved = resolveRules(builtin.rules, config, shown);
  errors.push(...resolved.errors);
  const [first] = errors;
  if (first) {
    const more =
      errors.length > 1 ? ` (and ${errors.length - 1} more; run \`readiness-gate validate\`)` : '';
    throw new CliError(`${first.path}:${first.line}:${first.column}: ${first.message}${more}`);
  }
  return { config, rules: resolved.rules, configPath: shown };
}

/** Loads config (from the working tree or `--config`) and rules. */
export function loadGateSetup(
  repo: string,
  configPath?: string,
): { config: GateConfig; rules: Rule[]; configPath: string } {
  const path = configPath ? resolve(configPath) : join(repo, '.github', 'readiness.yml');
  if (configPath && !existsSync(path))
    throw new CliError(`cannot read ${configPath}: no such file`);
  return setupFromConfigText(
    existsSync(path) ? readFileSync(path, 'utf8') : null,
    configPath ?? CONFIG_PATH,
  );
}

function readWorktree(repo: string, paths: string[]): Map<string, string | null> {
  const found = new Map<string, string | null>();
  for (const path of paths) {
    try {
      const bytes = readFileSync(join(repo, path));
      found.set(
        path,
        bytes.length <= 2 * 1024 * 1024 && !bytes.includes(0) ? bytes.toString('utf8') : null,
      );
    } catch {
      found.set(path, null);
    }
  }
  return found;
}

/** Files at head in one go: from the working tree, or one `git cat-file --batch`. */
function readFiles(repo: string, head: string, paths: string[]): Map<string, string | null> {
  return head === WORKTREE ? readWorktree(repo, paths) : readBlobs(repo, head, paths);
}

export interface RenderVerdictOptions {
  /** Fields added to the JSON output beside the SPEC §5 contract. */
  extra?: Record<string, unknown>;
  notScanned?: Array<{ path: string; reason: string }>;
  links?: LinkOptions;
}

/** Prints a verdict in the CLI's formats; files not scanned are listed in every one. */
export function renderVerdict(
  verdict: Verdict,
  format: CheckOptions['format'],
  options: RenderVerdictOptions = {},
): string {
  const notScanned = options.notScanned ?? [];
  if (format === 'json')
    return `${JSON.stringify({ ...verdict, ...options.extra, notScanned }, null, 2)}\n`;
  if (format === 'markdown')
    return `${renderReportMarkdown(verdict, options.links ?? { blobUrl: null })}${renderNotScanned(notScanned)}`;
  const lines = notScanned.map((file) => `  ${file.path}: ${file.reason}`);
  return `${renderReportText(verdict)}${lines.length > 0 ? `\nNot scanned (${lines.length}):\n${lines.join('\n')}\n` : ''}`;
}

/** `readiness-gate check`: the whole gate on a local git repository. */
export function runCheckCommand(options: CheckOptions): CommandResult {
  const repo = resolve(options.repo);
  git(repo, ['rev-parse', '--git-dir']);
  const { config, rules } = loadGateSetup(repo, options.config);
  const head = options.head ?? 'HEAD';
  const base = options.base ?? defaultBase(repo);
  const headRef = head === WORKTREE ? 'HEAD' : head;
  const mergeBase = git(repo, ['merge-base', base, headRef]).trim();
  const diffArgs = ['diff', '-M', '--no-color', '--no-ext-diff', '--unified=3', mergeBase];
  if (head !== WORKTREE) diffArgs.push(head);
  const changes = parseUnifiedDiff(git(repo, diffArgs));
  // The whole file at head lets `file`-scope rules and suppressions see beyond the hunks.
  const readable = changes
    .filter((change) => !change.binary && change.status !== 'deleted')
    .map((change) => change.path);
  const contents = readFiles(repo, head, readable);
  for (const change of changes) change.content = contents.get(change.path) ?? null;
  const listing =
    head === WORKTREE
      ? git(repo, ['ls-files', '--cached', '--others', '--exclude-standard'])
      : git(repo, ['ls-tree', '-r', '--name-only', head]);
  const headPaths = new Set(listing.split('\n').filter(Boolean));

  const checklists = [...readFiles(repo, head, selectChecklistPaths(config, headPaths))].map(
    ([path, text]) => ({ path, text: text ?? '' }),
  );
  const branch = base.replace(/^origin\//, '');
  const { verdict } = runGate(
    {
      target: {
        kind: 'local',
        repository: null,
        number: null,
        baseRef: branch,
        baseSha: null,
        headSha: null,
        blobUrl: null,
        required: null,
      },
      config,
      rules,
      changes,
      headPaths: [...headPaths],
      checklists,
      errors: [],
      notScanned: [],
      unreadable: [],
      waivers: [],
      ...(options.phase !== undefined ? { phase: options.phase } : {}),
    },
    CHECKS,
  );
  const notScanned = changes
    .filter((change) => change.binary)
    .map((change) => ({ path: change.path, reason: 'binary' }));
  const stdout = renderVerdict(verdict, options.format, {
    extra: { base: { ref: base, mergeBase }, head },
    notScanned,
  });
  return { stdout, exitCode: verdict.verdict === 'pass' ? 0 : 1 };
}
