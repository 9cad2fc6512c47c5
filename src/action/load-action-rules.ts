import { readdirSync, readFileSync } from 'node:fs';
import { CHECKS } from '../checks/index.js';
import { parseRules } from '../core/rules/parse-rules.js';
import type { Rule } from '../core/rules/rule-types.js';

/**
 * The built-in pack from the `rules/` folder beside the bundle (the Action runs from a
 * checkout of this repository, so the folder is there); an invalid pack stops the run. Its rules
 * are ours, so they are trusted as in the App and the CLI: their proven-linear patterns run on V8.
 */
export function loadActionRules(dir: string): Rule[] {
  const rules: Rule[] = [];
  const names = readdirSync(dir)
    .filter((file) => file.endsWith('.yml'))
    .sort();
  if (names.length === 0) throw new Error(`no built-in rules in ${dir}`);
  for (const name of names) {
    const result = parseRules(readFileSync(`${dir}/${name}`, 'utf8'), `rules/${name}`, CHECKS);
    if (result.errors.length > 0) {
      const [first] = result.errors;
      throw new Error(
        `invalid built-in rule ${first?.path}:${first?.line}:${first?.column}: ${first?.message}`,
      );
    }
    rules.push(...result.rules.map((rule) => ({ ...rule, trusted: true })));
  }
  return rules;
}
