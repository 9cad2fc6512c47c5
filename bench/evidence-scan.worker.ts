import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scanRepository } from '../src/core/evidence/scan-repository.js';
import { parseRules } from '../src/core/rules/parse-rules.js';
import type { Rule } from '../src/core/rules/rule-types.js';
import { CHECKS } from '../src/checks/index.js';

// Runs in its own process so that its peak memory (maxRSS) is its own. The repository is held
// in memory first, as a source hands it over; the scan is what is timed.
const megabytes = Number(process.argv[2] ?? 200);
// Optionally only some rules (the gate runs only the rules linked to done items).
const only = process.argv[3]?.split(',') ?? null;
const rulesDir = fileURLToPath(new URL('../rules/', import.meta.url));
const rules: Rule[] = readdirSync(rulesDir)
  .filter((name) => name.endsWith('.yml'))
  .flatMap((name) => parseRules(readFileSync(`${rulesDir}${name}`, 'utf8'), name, CHECKS).rules)
  .filter((rule) => rule.check.kind !== 'gate-evidence')
  .filter((rule) => only === null || only.includes(rule.id));

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
];

function makeRepository(bytes: number): Array<{ path: string; text: string }> {
  const files: Array<{ path: string; text: string }> = [];
  let size = 0;
  for (let file = 0; size < bytes; file++) {
    const lines: string[] = [];
    for (let line = 0; line < 500; line++)
      lines.push(`${CODE[(file + line) % CODE.length]} // ${file}.${line}`);
    // One file in a hundred still holds a dev key: the claim "dev keys removed" is not true.
    if (file % 100 === 7)
      lines.push(`const stripeKey = 'sk_live_${'x'.repeat(8)}${file}abcdefgh';`);
    const text = `${lines.join('\n')}\n`;
    files.push({ path: `src/module${Math.floor(file / 50)}/file${file}.ts`, text });
    size += text.length;
  }
  return files;
}

const files = makeRepository(megabytes * 1024 * 1024);
const bytes = files.reduce((sum, file) => sum + file.text.length, 0);
const started = performance.now();
const found = await scanRepository(rules, files, CHECKS);
const ms = performance.now() - started;
process.stdout.write(
  JSON.stringify({
    bytes,
    files: files.length,
    rules: rules.length,
    violations: [...found.violations.values()].reduce((sum, entry) => sum + entry.count, 0),
    ms,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
