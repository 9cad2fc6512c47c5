import { readFileSync } from 'node:fs';
import { parseChecklist } from '../src/core/checklist/parse-checklist.js';

// One parse in a process of its own: the parser's code not yet compiled and its heap not yet
// grown, as the CLI meets a document. Modules are loaded before the clock starts.
const path = process.argv[2] as string;
const text = readFileSync(path, 'utf8');
const cpu = process.cpuUsage();
const started = performance.now();
const { document } = parseChecklist(text, 'LARGE_READINESS.md');
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
process.stdout.write(
  JSON.stringify({
    size: Buffer.byteLength(text),
    items: document.items.length,
    ms,
    // Collector and compiler threads included: other processes on the machine stretch the
    // wall time more than this.
    cpuMs: (used.user + used.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
