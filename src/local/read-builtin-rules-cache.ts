import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Rule } from '../core/rules/rule-types.js';

export const RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));
/**
 * The parsed pack, written next to the compiled code at build time (`npm run build`). Parsing
 * validates every rule against its JSON Schema, which costs more than the rest of a small
 * `check`; the cache is used only when it was made from exactly the rule files now present.
 */
export const BUILTIN_RULES_CACHE = fileURLToPath(
  new URL('../builtin-rules.cache.json', import.meta.url),
);

/**
 * The pack's files and a key that changes whenever any of them does: their names and texts
 * themselves (some 20 kB), compared exactly. A digest would need node:crypto, whose loading
 * alone costs a small `check` more than the comparison.
 */
export function readPack(): { files: Array<[string, string]>; key: string } {
  const files = readdirSync(RULES_DIR)
    .filter((file) => file.endsWith('.yml'))
    .sort()
    .map((name): [string, string] => [name, readFileSync(`${RULES_DIR}${name}`, 'utf8')]);
  return { files, key: files.map(([name, text]) => `${name}\0${text}\0`).join('') };
}

/**
 * Ours, from the package: their patterns may run on V8 (when proven linear). Set where a rule
 * is read from the package (here and in load-builtin-rules.ts); a config's rules never pass
 * through either and never carry it.
 */
export function trustBuiltinRules(rules: Rule[]): Rule[] {
  return rules.map((rule) => ({ ...rule, trusted: true }));
}

/**
 * The cached pack when it matches the rule files, else null. It imports no parser, so a run
 * that needs nothing else never loads the YAML parser or the schema validator.
 */
export function readBuiltinRulesCache(cachePath = BUILTIN_RULES_CACHE): Rule[] | null {
  const { key } = readPack();
  try {
    const cache = JSON.parse(readFileSync(cachePath, 'utf8')) as { key: string; rules: Rule[] };
    if (cache.key === key && Array.isArray(cache.rules)) return cache.rules;
  } catch {
    // No cache (running from the sources) or an unreadable one.
  }
  return null;
}
