import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluateRules } from '../src/core/rules/evaluate-rules.js';
import { parseRules } from '../src/core/rules/parse-rules.js';
import { parseUnifiedDiff } from '../src/core/diff/parse-unified-diff.js';
import type { Rule } from '../src/core/rules/rule-types.js';
import { CHECKS } from '../src/checks/index.js';

// Runs in its own process so that its peak memory (maxRSS) is its own.
const megabytes = Number(process.argv[2] ?? 50);
const rulesDir = fileURLToPath(new URL('../rules/', import.meta.url));
const rules: Rule[] = readdirSync(rulesDir)
  .filter((name) => name.endsWith('.yml'))
  .flatMap((name) => parseRules(readFileSync(`${rulesDir}${name}`, 'utf8'), name, CHECKS).rules);

const CODE = [
  'export function total(items: Item[]): number {',
  '  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);',
  '}',
  "import { logger } from './logger.js';",
  '  const response = await fetch(`${baseUrl}/orders/${id}`, { headers });',
  '  if (!response.ok) throw new Error(`order ${id}: ${response.status}`);',
  "  logger.info({ orderId: id }, 'order loaded');",
  '    catch (error) { logger.error(error); throw error; }',
  "const config = { port: Number(process.env.PORT ?? 3000), origin: 'https://shop.example.com' };",
  '  // keep the retry budget small: the queue retries too',
  '  } catch (error) {}',
];

function makeDiff(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let file = 0; size < bytes; file++) {
    const lines = [
      `diff --git a/src/module${file}.ts b/src/module${file}.ts`,
      'new file mode 100644',
      '--- /dev/null',
      `+++ b/src/module${file}.ts`,
      '@@ -0,0 +1,2000 @@',
    ];
    for (let line = 0; line < 2000; line++) lines.push(`+${CODE[(file + line) % CODE.length]}`);
    const text = lines.join('\n') + '\n';
    parts.push(text);
    size += text.length;
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
