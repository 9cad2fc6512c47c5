import { writeFileSync } from 'node:fs';
import { parseRules } from '../core/rules/parse-rules.js';
import type { Rule, ValidationError } from '../core/rules/rule-types.js';
import { CHECKS } from '../checks/index.js';
import {
  BUILTIN_RULES_CACHE,
  readBuiltinRulesCache,
  readPack,
  trustBuiltinRules as trust,
} from './read-builtin-rules-cache.js';

function parsePack(files: Array<[string, string]>): { rules: Rule[]; errors: ValidationError[] } {
  const rules: Rule[] = [];
  const errors: ValidationError[] = [];
  for (const [name, text] of files) {
    const result = parseRules(text, `rules/${name}`, CHECKS);
    rules.push(...result.rules);
    errors.push(...result.errors);
  }
  return { rules, errors };
}

/** The built-in pack from `rules/*.yml`, shipped with the package (from the build's cache). */
export function loadBuiltinRules(cachePath = BUILTIN_RULES_CACHE): {
  rules: Rule[];
  errors: ValidationError[];
} {
  const cached = readBuiltinRulesCache(cachePath);
  if (cached) return { rules: trust(cached), errors: [] };
  const { rules, errors } = parsePack(readPack().files);
  return { rules: trust(rules), errors };
}

/** Writes the cache of a valid pack (the build's last step); an invalid pack is never cached. */
export function writeBuiltinRulesCache(cachePath = BUILTIN_RULES_CACHE): number {
  const { files, key } = readPack();
  const { rules, errors } = parsePack(files);
  if (errors.length > 0) return 0;
  writeFileSync(cachePath, `${JSON.stringify({ key, rules })}\n`);
  return rules.length;
}
