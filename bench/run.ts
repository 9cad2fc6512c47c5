import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchParseChecklist, firstParseRow } from './parse-checklist.bench.js';

interface DiffRun {
  bytes: number;
  files: number;
  rules: number;
  findings: number;
  parseMs: number;
  evaluateMs: number;
  maxRssMb: number;
}

interface EvidenceRun {
  bytes: number;
  files: number;
  rules: number;
  violations: number;
  ms: number;
  maxRssMb: number;
}

function runWorker<T>(name: string, megabytes: number, ...args: string[]): T {
  const worker = fileURLToPath(new URL(name, import.meta.url));
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', worker, String(megabytes), ...args],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(output) as T;
}

function benchDiff(megabytes: number): DiffRun {
  const worker = fileURLToPath(new URL('./evaluate-diff.worker.ts', import.meta.url));
  const output = execFileSync(process.execPath, ['--import', 'tsx', worker, String(megabytes)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(output) as DiffRun;
}

/** Prints the benchmark table; numbers are measured on the machine that runs it. */
function main() {
  const rows: string[][] = [['benchmark', 'input', 'result', 'time']];
  for (const megabytes of [1, 5]) {
    const runs = [
      benchParseChecklist(megabytes),
      benchParseChecklist(megabytes),
      benchParseChecklist(megabytes),
    ];
    const best = runs.reduce((a, b) => (a.ms < b.ms ? a : b));
    rows.push([
      'parse checklist',
      `${(best.size / 1024 / 1024).toFixed(1)} MB`,
      `${best.items} items`,
      `${best.ms.toFixed(0)} ms (best of 3; ${(best.size / 1024 / 1024 / (best.ms / 1000)).toFixed(1)} MB/s)`,
    ]);
  }
  rows.push(firstParseRow(5, 5));
  for (const megabytes of [50]) {
    const run = benchDiff(megabytes);
    const mb = run.bytes / 1024 / 1024;
    const seconds = (run.parseMs + run.evaluateMs) / 1000;
    rows.push([
      'diff + built-in pack',
      `${mb.toFixed(0)} MB added lines, ${run.files} files, ${run.rules} rules`,
      `${run.findings} findings; peak RSS ${run.maxRssMb.toFixed(0)} MB`,
      `${(seconds * 1000).toFixed(0)} ms (${(mb / seconds).toFixed(1)} MB/s; parse ${run.parseMs.toFixed(0)} ms, rules ${run.evaluateMs.toFixed(0)} ms)`,
    ]);
  }
  for (const only of [[], ['dev-keys']]) {
    const run = runWorker<EvidenceRun>(
      './evidence-scan.worker.ts',
      200,
      ...(only.length ? [only.join(',')] : []),
    );
    const mb = run.bytes / 1024 / 1024;
    rows.push([
      'evidence scan at head',
      `${mb.toFixed(0)} MB repository, ${run.files} files, ${run.rules} rules`,
      `${run.violations} violations; peak RSS ${run.maxRssMb.toFixed(0)} MB`,
      `${run.ms.toFixed(0)} ms (${(mb / (run.ms / 1000)).toFixed(1)} MB/s)`,
    ]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  console.log(line(rows[0]!));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows.slice(1)) console.log(line(row));
  console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}`);
}

main();
