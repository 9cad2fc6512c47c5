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
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHECKS } from '../src/checks/index.js';
import { runGate } from '../src/core/gate/run-gate.js';
import type { Finding } from '../src/core/rules/rule-types.js';
import { createGitSource } from '../src/local/create-git-source.js';
import { git } from '../src/local/git.js';

interface Judged {
  commit: string;
  finding: Finding;
}

async function main() {
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
      'usage: npm run judge -- --repo DIR [--commits N] [--samples K] [--config FILE] [--json]\n',
    );
    process.exitCode = 2;
    return;
  }
  const repo = resolve(values.repo);
  const limit = Number(values.commits);
  const commits = git(repo, ['rev-list', '--first-parent', `--max-count=${limit}`, 'HEAD'])
    .split('\n')
    .filter(Boolean);
  const judged: Judged[] = [];
  const ruleIds = new Set<string>();
  let scanned = 0;
  for (const commit of commits) {
    const parent = git(repo, ['rev-list', '--parents', '-n', '1', commit]).trim().split(' ')[1];
    if (!parent) continue;
    scanned++;
    // The same pipeline as `check`: the git source, then the pure gate.
    const snapshot = await createGitSource({
      repo,
      base: parent,
      head: commit,
      ...(values.config ? { config: values.config } : {}),
    }).read();
    for (const rule of snapshot.rules) ruleIds.add(rule.id);
    for (const finding of (await runGate(snapshot, CHECKS)).verdict.findings)
      judged.push({ commit: commit.slice(0, 10), finding });
  }
  const blocking = judged.filter((j) => j.finding.severity === 'error' && !j.finding.suppressed);
  const perRule = new Map<string, { blocking: number; other: number }>();
  for (const id of [...ruleIds].sort()) perRule.set(id, { blocking: 0, other: 0 });
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

main().catch((error: unknown) => {
  process.stderr.write(`judge: ${(error as Error).message}\n`);
  process.exitCode = 2;
});
