/**
 * Built-in patterns that recheck proved free of catastrophic backtracking on V8 (written by
 * `npx tsx bench/write-linear-patterns.ts`; test/perf/redos.test.ts fails when it is stale).
 * Only these run on V8; every other pattern, and every pattern from a config, runs on RE2.
 * A stale entry is harmless: a pattern no longer listed just runs on RE2.
 * Keys: `i ` or `- ` (ignoreCase) followed by the RE2 source.
 */
export const LINEAR_PATTERNS: ReadonlySet<string> = new Set([
  "- 'unsafe-(?:inline|eval)'",
  '- (-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)',
  '- (?:\\bprocess\\.exit\\(|\\bsys\\.exit\\(|\\bos\\.Exit\\()',
  '- (?:\\|\\||\\?\\?|\\s\\?:|\\bor|\\bOr|:-)\\s*$',
  '- (?:^|[^A-Za-z0-9_$.])([A-Za-z_$][A-Za-z0-9_$]*|"[A-Za-z_$][A-Za-z0-9_.$-]*"|\'[A-Za-z_$][A-Za-z0-9_.$-]*\')\\s*(?::\\s*[A-Za-z_][A-Za-z0-9_<>\\[\\]|.?]{0,40}\\s*)?(?:=|:=|:|=>)\\s*[^=:>]',
  '- (?:process\\.env|import\\.meta\\.env|\\bENV\\b|\\benviron\\b|\\bgetenv\\b|\\bGetenv\\b|\\bLookupEnv\\b|\\benv\\s*\\(|\\bEnv\\.|Deno\\.env)',
  '- \\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\\b',
  '- \\b((?:ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36,})',
  '- \\b((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,})',
  '- \\b(AIza[0-9A-Za-z_-]{35})',
  '- \\b(github_pat_[0-9A-Za-z_]{50,})',
  '- \\b(xox[abposr]-[0-9A-Za-z-]{10,})',
  '- hooks\\.slack\\.com/services/(T[0-9A-Za-z]{6,}/B[0-9A-Za-z]{6,}/[0-9A-Za-z]{12,})',
  'i aws_?secret_?(?:access_?)?key["\']?\\s*(?:[:=]|=>|:=)\\s*["\']?([A-Za-z0-9/+]{40})\\b',
]);

export const linearPatternKey = (source: string, ignoreCase: boolean) =>
  `${ignoreCase ? 'i' : '-'} ${source}`;
