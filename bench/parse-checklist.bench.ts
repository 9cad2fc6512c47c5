import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseChecklist } from '../src/core/checklist/parse-checklist.js';

/** A readiness document in the styles of the samples, repeated up to the wanted size. */
export function makeLargeChecklist(bytes: number): string {
  const block = (n: number) => `## Phase ${(n % 6) + 1}: Workstream ${n} ✅ COMPLETE

### ${n}.1 Secrets ✅
- [x] Move the key out of \`config/dev.ts\`
- [x] Rotate the **webhook** secret
- [ ] Add \`gitleaks\` to CI
  - [ ] Block pushes with findings
- ✅ **Audit log**: retained 30 days
- ⚠️ **Alerting**: needs an on-call rota

| Task | Status | Owner |
|------|--------|-------|
| Load test | ✅ Done | ana |
| Chaos test | ⏳ Pending | li |

Prose about workstream ${n}, with a [link](https://example.com/${n}) and \`code\`.

`;
  return joinUpTo(
    bytes,
    '# Large Plan — Production Readiness\n\n**Status**: ✅ PRODUCTION READY\n\n',
    block,
  );
}

/**
 * `head`, then `part(0)`, `part(1)`, ... until `bytes` are reached, then `tail`: parts joined
 * once, sizes summed as they go (linear, not a re-measure of the whole each time).
 */
function joinUpTo(bytes: number, head: string, part: (n: number) => string, tail = ''): string {
  const parts = [head];
  let size = Buffer.byteLength(head);
  for (let n = 0; size < bytes; n++) {
    const next = part(n);
    parts.push(next);
    size += Buffer.byteLength(next);
  }
  parts.push(tail);
  return parts.join('');
}

export function benchParseChecklist(megabytes: number): {
  size: number;
  items: number;
  ms: number;
} {
  return timeParse(makeLargeChecklist(megabytes * 1024 * 1024), 200_000, 'LARGE_READINESS.md');
}

/** One parse of `text`, timed after a warm-up parse of its first `warmup` characters. */
function timeParse(
  text: string,
  warmup: number,
  path: string,
): { size: number; items: number; ms: number } {
  parseChecklist(text.slice(0, warmup), 'warmup.md');
  const started = performance.now();
  const { document } = parseChecklist(text, path);
  const ms = performance.now() - started;
  return { size: Buffer.byteLength(text), items: document.items.length, ms };
}

/**
 * The worst case for the parser: one long list whose every line the fast reader refuses
 * (emphasis, reference links), so that remark reads all of it, block by block.
 */
export function makeRemarkOnlyChecklist(bytes: number): string {
  return joinUpTo(
    bytes,
    '# Worst Case\n\n## Phase 1\n\n',
    (n) => `- [ ] item ${n} with *emphasis*, a [reference][r${n % 7}] and _underscores_ ✅\n`,
    '\n[r0]: https://example.com/r0\n',
  );
}

export function benchParseWorstCase(megabytes: number): {
  size: number;
  items: number;
  ms: number;
} {
  return timeParse(makeRemarkOnlyChecklist(megabytes * 1024 * 1024), 20_000, 'WORST_CASE.md');
}

export interface FirstParseRun {
  size: number;
  items: number;
  ms: number;
  /** CPU time of the whole process during the parse, collector and compiler threads included. */
  cpuMs: number;
  maxRssMb: number;
}

/**
 * The first parse of a `megabytes` document in a fresh process, `runs` times: one child process
 * per run, each reading the document from a file.
 */
export function benchFirstParse(megabytes: number, runs: number): FirstParseRun[] {
  const dir = mkdtempSync(join(tmpdir(), 'first-parse-'));
  const file = join(dir, 'LARGE_READINESS.md');
  try {
    writeFileSync(file, makeLargeChecklist(megabytes * 1024 * 1024));
    const worker = fileURLToPath(new URL('./first-parse.worker.ts', import.meta.url));
    const results: FirstParseRun[] = [];
    for (let run = 0; run < runs; run++) {
      const output = execFileSync(process.execPath, ['--import', 'tsx', worker, file], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      results.push(JSON.parse(output) as FirstParseRun);
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** The bench table's row for the first parse in a fresh process: medians of `runs` processes. */
export function firstParseRow(megabytes: number, runs: number): string[] {
  const results = benchFirstParse(megabytes, runs);
  const first = results[0] as FirstParseRun;
  const ms = median(results.map((run) => run.ms));
  return [
    'parse checklist, first in a fresh process',
    `${(first.size / 1024 / 1024).toFixed(1)} MB`,
    `${first.items} items; peak RSS ${median(results.map((run) => run.maxRssMb)).toFixed(0)} MB`,
    `${ms.toFixed(0)} ms, ${median(results.map((run) => run.cpuMs)).toFixed(0)} ms CPU (median of ${runs} processes; ${(first.size / 1024 / 1024 / (ms / 1000)).toFixed(1)} MB/s)`,
  ];
}
