import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseRules } from '../core/rules/parse-rules.js';
import type { Rule, ValidationError } from '../core/rules/rule-types.js';
import { CHECKS } from '../checks/index.js';

const RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

/** The built-in pack from `rules/*.yml`, shipped with the package. */
export function loadBuiltinRules(): { rules: Rule[]; errors: ValidationError[] } {
  const rules: Rule[] = [];
  const errors: ValidationError[] = [];
  for (const name of readdirSync(RULES_DIR)
    .filter((file) => file.endsWith('.yml'))
    .sort()) {
    const result = parseRules(readFileSync(`${RULES_DIR}${name}`, 'utf8'), `rules/${name}`, CHECKS);
    rules.push(...result.rules);
    errors.push(...result.errors);
  }
  return { rules, errors };
}
