import { benchParseChecklist } from './parse-checklist.bench.js';

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
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  console.log(line(rows[0]!));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows.slice(1)) console.log(line(row));
  console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}`);
}

main();
