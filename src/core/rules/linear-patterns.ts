/**
 * Built-in patterns that recheck proved free of catastrophic backtracking on V8 (written by
 * `npx tsx bench/write-linear-patterns.ts`; test/perf/redos.test.ts fails when it is stale).
 * Only these run on V8; every other pattern, and every pattern from a config, runs on RE2.
 * A stale entry is harmless: a pattern no longer listed just runs on RE2.
 * Keys: `i ` or `- ` (ignoreCase) followed by the RE2 source.
 */
export const LINEAR_PATTERNS: ReadonlySet<string> = new Set([
  "- 'unsafe-(?:inline|eval)'",
  '- (?:\\bprocess\\.exit\\(|\\bsys\\.exit\\(|\\bos\\.Exit\\()',
  '- ^(.*/)?([^/]+)\\.up\\.sql$',
  '- ^(.*/)?V(\\d+(?:[._]\\d+)*)__([^/]+)\\.sql$',
  '- ^(.*/)?up\\.sql$',
  'i (?:\\b(?:sk|rk)_(?:live|test)_[0-9a-zA-Z]{10,}|\\bgh[pousr]_[0-9A-Za-z]{30,}|\\bgithub_pat_[0-9A-Za-z_]{30,}|\\bxox[baprs]-[0-9A-Za-z-]{10,}|\\bAKIA[0-9A-Z]{16}\\b|\\bAIza[0-9A-Za-z_-]{35}|-----BEGIN (?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----|(?:secret|password|passwd|token|api[_-]?key)["\']?\\s*[:=]\\s*["\'][^"\'\\s$\\{]{8,}["\'])',
  'i ^\\s*--\\s*\\+goose\\s+down',
  'i ^\\s*--\\s*migrate:down',
  'i ^\\s*def\\s+downgrade\\s*\\(',
  'i ^\\s*export\\s+(async\\s+)?function\\s+down\\b',
  'i exports\\.down\\s*=',
]);

export const linearPatternKey = (source: string, ignoreCase: boolean) =>
  `${ignoreCase ? 'i' : '-'} ${source}`;
