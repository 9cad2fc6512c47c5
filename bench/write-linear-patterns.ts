import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { fileURLToPath } from 'node:url';
import { linearPatternKey } from '../src/core/rules/linear-patterns.js';
import { builtinPatterns } from '../test/perf/builtin-patterns.js';
import { proveLinear } from '../test/perf/prove-linear.js';

/** Rewrites src/core/rules/linear-patterns.ts with the built-in patterns recheck proves safe. */
const target = fileURLToPath(new URL('../src/core/rules/linear-patterns.ts', import.meta.url));
const keys: string[] = [];
for (const pattern of builtinPatterns()) {
  const proof = await proveLinear(pattern);
  console.error(
    `${proof.status.padEnd(12)} ${pattern.rule} ${pattern.at}${proof.detail ? ` (${proof.detail})` : ''}`,
  );
  if (proof.status === 'safe') keys.push(linearPatternKey(pattern.source, pattern.ignoreCase));
}
const unique = [...new Set(keys)].sort();
const text = `/**
 * Built-in patterns that recheck proved free of catastrophic backtracking on V8 (written by
 * \`npx tsx bench/write-linear-patterns.ts\`; test/perf/redos.test.ts fails when it is stale).
 * Only these run on V8; every other pattern, and every pattern from a config, runs on RE2.
 * A stale entry is harmless: a pattern no longer listed just runs on RE2.
 * Keys: \`i \` or \`- \` (ignoreCase) followed by the RE2 source.
 */
export const LINEAR_PATTERNS: ReadonlySet<string> = new Set(${JSON.stringify(unique, null, 2)});

export const linearPatternKey = (source: string, ignoreCase: boolean) =>
  \`\${ignoreCase ? 'i' : '-'} \${source}\`;
`;
writeFileSync(target, await format(text, { ...(await resolveConfig(target)), filepath: target }));
