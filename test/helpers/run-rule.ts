import { readFileSync } from 'node:fs';
import type { FileChange } from '../../src/core/diff/diff-types.js';
import { evaluateRules } from '../../src/core/rules/evaluate-rules.js';
import { parseRules } from '../../src/core/rules/parse-rules.js';
import type { Finding, Rule } from '../../src/core/rules/rule-types.js';
import { repoRoot } from './paths.js';
import { CHECKS } from '../../src/checks/index.js';
import { describeFindingTable, type ExpectedFindings } from './describe-finding-table.js';
import { makeChange } from './make-change.js';

export function builtinRule(id: string): Rule {
  const { rules, errors } = parseRules(
    readFileSync(`${repoRoot}rules/${id}.yml`, 'utf8'),
    `rules/${id}.yml`,
    CHECKS,
  );
  if (errors.length > 0 || !rules[0]) throw new Error(`rules/${id}.yml: ${JSON.stringify(errors)}`);
  return rules[0];
}

export function ruleFromYaml(yaml: string): Rule {
  const { rules, errors } = parseRules(yaml, 'test-rule.yml', CHECKS);
  if (errors.length > 0 || !rules[0]) throw new Error(JSON.stringify(errors));
  return rules[0];
}

/** `[path, line]` of every finding, the shape table tests compare. */
export function findingsOf(
  rule: Rule,
  changes: FileChange[],
  headPaths?: string[],
): Array<[string, number]> {
  return evaluateRules([rule], changes, CHECKS, {
    headPaths: headPaths ? new Set(headPaths) : null,
  }).map((f: Finding) => [f.path, f.line]);
}

export interface RuleCase {
  name: string;
  path: string;
  /** Diff-style lines: `+added`, `-removed`, ` context`. */
  lines: string[];
  status?: FileChange['status'];
  oldPath?: string;
  /** Other files in the change (a rollback added beside a migration). */
  others?: FileChange[];
  headPaths?: string[];
  migrations?: 'reversible' | 'forward-only';
}

export interface InvalidRuleCase extends RuleCase {
  findings: ExpectedFindings;
}

/** Runs a rule on one case, as the gate would. */
export function runCase(rule: Rule, test: RuleCase): Finding[] {
  const change = makeChange(test.path, test.lines, {
    ...(test.status ? { status: test.status } : {}),
    ...(test.oldPath ? { oldPath: test.oldPath } : {}),
  });
  return evaluateRules([rule], [change, ...(test.others ?? [])], CHECKS, {
    headPaths: test.headPaths ? new Set(test.headPaths) : null,
    ...(test.migrations ? { migrations: test.migrations } : {}),
  }).filter((finding) => finding.path === test.path);
}

/**
 * The table test of a built-in rule, eslint RuleTester-style: `valid` cases must not fire,
 * `invalid` cases must fire exactly where and how they say.
 */
export function ruleTable(id: string, table: { valid: RuleCase[]; invalid: InvalidRuleCase[] }) {
  const rule = builtinRule(id);
  describeFindingTable(id, rule.severity, table, (test) => runCase(rule, test));
}
