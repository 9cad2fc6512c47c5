import { TRUSTED_SOURCES } from '../../src/core/rules/compile-trusted-regex.js';
import { loadBuiltinRules } from '../../src/local/load-builtin-rules.js';

export interface BuiltinPattern {
  rule: string;
  /** Where in the check options the pattern sits, e.g. `pattern` or `markers[2]`. */
  at: string;
  source: string;
  ignoreCase: boolean;
}

const PATTERN_KEYS = /^(?:pattern|patterns|match|markers|regex|regexes)$/;

/**
 * Every regular expression the built-in pack holds, found by key wherever it sits in a rule's
 * check options, so that new rules and new checks are covered without editing this file; and
 * every pattern the checks compile with compileTrustedRegex.
 * Markers are matched ignoring case (companion-file); other patterns follow `ignoreCase`.
 */
export function builtinPatterns(): BuiltinPattern[] {
  const { rules, errors } = loadBuiltinRules();
  if (errors.length > 0) throw new Error(`built-in rules do not load: ${errors[0]!.message}`);
  const found: BuiltinPattern[] = [];
  for (const rule of rules) {
    const ignoreCase = rule.check.ignoreCase === true;
    const walk = (value: unknown, at: string, key: string | null) => {
      if (typeof value === 'string') {
        if (key !== null && PATTERN_KEYS.test(key))
          found.push({
            rule: rule.id,
            at,
            source: value,
            ignoreCase: ignoreCase || key === 'markers',
          });
      } else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${at}[${i}]`, key));
      else if (value && typeof value === 'object')
        for (const [name, item] of Object.entries(value))
          walk(item, at ? `${at}.${name}` : name, name);
    };
    walk(rule.check, '', null);
  }
  // Patterns the checks compile in code (the credential detector's, for one): loading the
  // rules loaded the checks, which registered them.
  [...TRUSTED_SOURCES.values()].forEach(({ source, ignoreCase }, index) =>
    found.push({ rule: 'code', at: `trusted[${index}]`, source, ignoreCase }),
  );
  return found;
}
