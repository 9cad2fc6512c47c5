import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseRules } from '../core/rules/parse-rules.js';
import type { Rule, ValidationError } from '../core/rules/rule-types.js';
import { CHECKS } from '../checks/index.js';

const RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));
/**
 * The parsed pack, written next to the compiled code at build time (`npm run build`). Parsing
 * validates every rule against its JSON Schema, which costs more than the rest of a small
 * `check`; the cache is used only when it was made from exactly the rule files now present.
 */
export const BUILTIN_RULES_CACHE = fileURLToPath(
  new URL('../builtin-rules.cache.json', import.meta.url),
);

function readPack(): { files: Array<[string, string]>; key: string } {
  const files = readdirSync(RULES_DIR)
    .filter((file) => file.endsWith('.yml'))
    .sort()
    .map((name): [string, string] => [name, readFileSync(`${RULES_DIR}${name}`, 'utf8')]);
  const hash = createHash('sha256');
  for (const [name, text] of files) hash.update(`${name}\0${text}\0`);
  return { files, key: hash.digest('hex') };
}

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

/** The built-in pack from `rules/*.yml`, shipped with the package. */
export function loadBuiltinRules(cachePath = BUILTIN_RULES_CACHE): {
  rules: Rule[];
  errors: ValidationError[];
} {
  const { files, key } = readPack();
  try {
    const cache = JSON.parse(readFileSync(cachePath, 'utf8')) as { key: string; rules: Rule[] };
    if (cache.key === key && Array.isArray(cache.rules)) return { rules: cache.rules, errors: [] };
  } catch {
    // No cache (running from the sources) or an unreadable one: parse.
  }
  return parsePack(files);
}

/** Writes the cache of a valid pack (the build's last step); an invalid pack is never cached. */
export function writeBuiltinRulesCache(cachePath = BUILTIN_RULES_CACHE): number {
  const { files, key } = readPack();
  const { rules, errors } = parsePack(files);
  if (errors.length > 0) return 0;
  writeFileSync(cachePath, `${JSON.stringify({ key, rules })}\n`);
  return rules.length;
}
