/**
 * The judgment harness: runs the built-in rules on each of the last N commits of a local git
 * repository (the diff of each commit against its first parent, as a pull request would show
 * it) and prints how many blocking findings each rule raised, with samples to read. False
 * positive rates are measured with it, never guessed.
 *
 *   npm run judge -- --repo DIR [--commits 100] [--samples 5] [--config FILE] [--json]
 *
 * `--config` reads a `.github/readiness.yml` (rules disabled or re-severitied, `ignore`,
 * `migrations`), to measure what a team that tuned its config would see.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHECKS } from '../src/checks/index.js';
import { parseUnifiedDiff } from '../src/core/diff/parse-unified-diff.js';
import { parseConfig } from '../src/core/config/parse-config.js';
import { evaluateRules } from '../src/core/rules/evaluate-rules.js';
import { resolveRules } from '../src/core/rules/resolve-rules.js';
import type { Finding } from '../src/core/rules/rule-types.js';
import { git, readBlobs } from '../src/local/git.js';
import { loadBuiltinRules } from '../src/local/load-builtin-rules.js';

interface Judged {
  commit: string;
  finding: Finding;
}

function main() {
  const { values } = parseArgs({
    options: {
      repo: { type: 'string' },
      commits: { type: 'string', default: '100' },
      samples: { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
      config: { type: 'string' },
    },
  });
  if (!values.repo) {
    process.stderr.write(
      'usage: npm run judge -- --repo DIR [--commits N] [--samples K] [--json]\n',
    );
    process.exitCode = 2;
    return;
  }
  const repo = resolve(values.repo);
  const limit = Number(values.commits);
  const builtin = loadBuiltinRules();
  if (builtin.errors.length > 0)
    throw new Error(`built-in rules are invalid: ${JSON.stringify(builtin.errors)}`);
  const parsed = values.config
    ? parseConfig(readFileSync(values.config, 'utf8'), values.config, CHECKS)
    : null;
  if (parsed && parsed.errors.length > 0)
    throw new Error(`config is invalid: ${JSON.stringify(parsed.errors)}`);
  const rules = parsed
    ? resolveRules(builtin.rules, parsed.config, values.config ?? '').rules
    : builtin.rules;
  const settings = {
    ignore: parsed?.config.ignore ?? [],
    ...(parsed?.config.migrations ? { migrations: parsed.config.migrations } : {}),
  };
  const commits = git(repo, ['rev-list', '--first-parent', `--max-count=${limit}`, 'HEAD'])
    .split('\n')
    .filter(Boolean);
  const judged: Judged[] = [];
  let scanned = 0;
  for (const commit of commits) {
    const parent = git(repo, ['rev-list', '--parents', '-n', '1', commit]).trim().split(' ')[1];
    if (!parent) continue;
    scanned++;
    const diff = git(repo, [
      'diff',
      '-M',
      '--no-color',
      '--no-ext-diff',
      '--unified=3',
      parent,
      commit,
    ]);
    const changes = parseUnifiedDiff(diff);
    const readable = changes
      .filter((change) => !change.binary && change.status !== 'deleted')
      .map((change) => change.path);
    const contents = readBlobs(repo, commit, readable);
    for (const change of changes) change.content = contents.get(change.path) ?? null;
    const headPaths = new Set(
      git(repo, ['ls-tree', '-r', '--name-only', commit]).split('\n').filter(Boolean),
    );
    for (const finding of evaluateRules(rules, changes, CHECKS, { headPaths, ...settings }))
      judged.push({ commit: commit.slice(0, 10), finding });
  }
  const blocking = judged.filter((j) => j.finding.severity === 'error' && !j.finding.suppressed);
  const perRule = new Map<string, { blocking: number; other: number }>();
  for (const rule of rules) perRule.set(rule.id, { blocking: 0, other: 0 });
  for (const { finding } of judged) {
    const counts = perRule.get(finding.rule);
    if (!counts) continue;
    if (finding.severity === 'error' && !finding.suppressed) counts.blocking++;
    else counts.other++;
  }
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ repo, commits: scanned, perRule: Object.fromEntries(perRule), blocking: blocking.map((j) => ({ commit: j.commit, rule: j.finding.rule, path: j.finding.path, line: j.finding.line, message: j.finding.message })) }, null, 2)}\n`,
    );
    return;
  }
  const per100 = (count: number) => ((count * 100) / Math.max(1, scanned)).toFixed(1);
  const out: string[] = [
    `${repo}: ${scanned} commits, ${blocking.length} blocking findings (${per100(blocking.length)} per 100 commits)`,
    '',
    'rule                  blocking  per 100  warnings/notices',
  ];
  for (const [id, counts] of perRule)
    out.push(
      `${id.padEnd(22)}${String(counts.blocking).padStart(8)}${per100(counts.blocking).padStart(9)}${String(counts.other).padStart(18)}`,
    );
  const samples = Number(values.samples);
  for (const [id] of perRule) {
    const mine = judged.filter((j) => j.finding.rule === id);
    if (mine.length === 0) continue;
    out.push('', `${id}:`);
    for (const { commit, finding } of mine.slice(0, samples))
      out.push(
        `  ${commit} ${finding.path}:${finding.line} [${finding.severity}${finding.suppressed ? ', suppressed' : ''}] ${finding.message}`,
        ...(finding.excerpt ? [`      ${finding.excerpt.slice(0, 160)}`] : []),
      );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
