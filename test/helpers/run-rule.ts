import { readFileSync } from 'node:fs';
import type { FileChange } from '../../src/core/diff/diff-types.js';
import { evaluateRules } from '../../src/core/rules/evaluate-rules.js';
import { parseRules } from '../../src/core/rules/parse-rules.js';
import type { Finding, Rule } from '../../src/core/rules/rule-types.js';
import { repoRoot } from './paths.js';
import { CHECKS } from '../../src/checks/index.js';

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
