import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluateRules } from '../src/core/rules/evaluate-rules.js';
import { parseRules } from '../src/core/rules/parse-rules.js';
import { parseUnifiedDiff } from '../src/core/diff/parse-unified-diff.js';
import type { Rule } from '../src/core/rules/rule-types.js';
import { CHECKS } from '../src/checks/index.js';
import { generateCorpus } from './scan-corpus.js';

// Runs in its own process so that its peak memory (maxRSS) is its own.
const megabytes = Number(process.argv[2] ?? 50);
const rulesDir = fileURLToPath(new URL('../rules/', import.meta.url));
const rules: Rule[] = readdirSync(rulesDir)
  .filter((name) => name.endsWith('.yml'))
  .flatMap((name) => parseRules(readFileSync(`${rulesDir}${name}`, 'utf8'), name, CHECKS).rules);

/**
 * A unified diff that adds the realistic corpus of the scan benchmark, every file as new;
 * built in one pass (parts joined once).
 */
function makeDiff(bytes: number): string {
  const parts: string[] = [];
  for (const file of generateCorpus(bytes)) {
    const lines = file.head.slice(0, -1).split('\n');
    parts.push(
      `diff --git a/${file.path} b/${file.path}\nnew file mode 100644\n--- /dev/null\n+++ b/${file.path}\n@@ -0,0 +1,${lines.length} @@\n+${lines.join('\n+')}\n`,
    );
  }
  return parts.join('');
}

const diff = makeDiff(megabytes * 1024 * 1024);
const started = performance.now();
const changes = parseUnifiedDiff(diff);
const parsed = performance.now();
const findings = evaluateRules(rules, changes, CHECKS);
const done = performance.now();
process.stdout.write(
  JSON.stringify({
    bytes: Buffer.byteLength(diff),
    files: changes.length,
    rules: rules.length,
    findings: findings.length,
    parseMs: parsed - started,
    evaluateMs: done - parsed,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
