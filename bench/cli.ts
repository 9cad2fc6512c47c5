// The CLI as a user runs it: process start for --version, --help and a tiny `check` (best of N
// wall-clock runs of the built `dist/cli.js`, beside `node -e 0`), and peak memory of `check`
// on a synthetic repository beside the size of its diff and of its largest file.
// Run: npm run build && npm run bench:cli [-- <megabytes added, default 20>]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const cli = join(root, 'dist/cli.js');
const RUNS = 10;

function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=B', '-c', 'user.email=b@example.invalid', ...args], {
    cwd: dir,
    stdio: 'ignore',
  });
}

/**
 * Best and median of RUNS by wall clock (the median says how typical the best was on a shared
 * machine), and the best CPU time (user + system), which load disturbs less.
 */
function best(
  command: string,
  args: string[],
  cwd: string,
): { wall: number; median: number; cpu: number } {
  const walls: number[] = [];
  let cpu = Infinity;
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    const result = spawnSync('/usr/bin/time', ['-f', '%U %S', command, ...args], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    walls.push(Number(process.hrtime.bigint() - start) / 1e6);
    const [user, system] = (result.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
    cpu = Math.min(cpu, ((user ?? 0) + (system ?? 0)) * 1000);
  }
  walls.sort((a, b) => a - b);
  return { wall: walls[0] ?? NaN, median: walls[Math.floor(walls.length / 2)] ?? NaN, cpu };
}

const timing = (t: { wall: number; median: number; cpu: number }) =>
  `${t.wall.toFixed(0)} ms wall (median ${t.median.toFixed(0)}), ${t.cpu.toFixed(0)} ms CPU (best of ${RUNS})`;

/** Peak resident memory of one run, from GNU time. */
function peakRss(args: string[], cwd: string): { mb: number; ms: number } {
  const start = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const kb = Number(run.stderr.trim().split('\n').pop());
  return { mb: kb / 1024, ms };
}

function tinyRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rg-bench-tiny-'));
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'ACTION_PLAN.md'), '# Plan\n\n## Phase 1: Launch\n- [x] Ship it\n');
  writeFileSync(join(dir, 'a.ts'), 'export const a = 1;\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  writeFileSync(join(dir, 'b.ts'), 'export const b = 2;\n');
  writeFileSync(join(dir, 'a.ts'), 'export const a = 3;\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'change');
  return dir;
}

/** A repository whose head adds `megabytes` of source in files of at most 1 MB, and modifies as much. */
function largeRepo(megabytes: number): { dir: string; largest: number } {
  const dir = mkdtempSync(join(tmpdir(), 'rg-bench-large-'));
  git(dir, 'init', '-q', '-b', 'main');
  const line = (i: number) =>
    `export function handler${i}(request: Request): Response { return respond(request, ${i}); }\n`;
  const fileBytes = 1024 * 1024;
  const files = Math.max(1, Math.round(megabytes / 2));
  mkdirSync(join(dir, 'src'));
  const body = (seed: number) => {
    let text = '';
    for (let i = 0; text.length < fileBytes; i++) text += line(seed + i);
    return text;
  };
  for (let f = 0; f < files; f++) writeFileSync(join(dir, 'src', `old${f}.ts`), body(f));
  writeFileSync(join(dir, 'ACTION_PLAN.md'), '# Plan\n\n## Phase 1: Launch\n- [x] Ship it\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  for (let f = 0; f < files; f++) {
    writeFileSync(join(dir, 'src', `old${f}.ts`), body(f + 7));
    writeFileSync(join(dir, 'src', `new${f}.ts`), body(f + 13));
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'change');
  return { dir, largest: fileBytes };
}

function main() {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const megabytes = Number(process.argv[2] ?? 20);
  const tiny = tinyRepo();
  const rows: string[][] = [['what', 'result']];
  const floor = best(process.execPath, ['-e', '0'], tiny);
  rows.push(['node -e 0 (the floor)', timing(floor)]);
  for (const [name, args] of [
    ['readiness-gate --version', ['--version']],
    ['readiness-gate --help', ['--help']],
    ['readiness-gate check (3 files)', ['check', '--base', 'HEAD~1']],
  ] as const) {
    rows.push([name, timing(best(process.execPath, [cli, ...args], tiny))]);
  }
  const large = largeRepo(megabytes);
  const diffBytes = execFileSync('git', ['diff', 'HEAD~1', 'HEAD'], {
    cwd: large.dir,
    maxBuffer: 1 << 30,
  }).length;
  const gitStart = process.hrtime.bigint();
  execFileSync('git', ['diff', 'HEAD~1', 'HEAD'], {
    cwd: large.dir,
    maxBuffer: 1 << 30,
    stdio: 'ignore',
  });
  const gitMs = Number(process.hrtime.bigint() - gitStart) / 1e6;
  const run = peakRss(['check', '--base', 'HEAD~1', '--json'], large.dir);
  rows.push([
    `check, ${(diffBytes / 1024 / 1024).toFixed(0)} MB diff (largest file ${(large.largest / 1024 / 1024).toFixed(0)} MB)`,
    `peak RSS ${run.mb.toFixed(0)} MB, ${run.ms.toFixed(0)} ms (git diff alone ${gitMs.toFixed(0)} ms)`,
  ]);
  rmSync(tiny, { recursive: true, force: true });
  rmSync(large.dir, { recursive: true, force: true });
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const print = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  console.log(print(rows[0]!));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows.slice(1)) console.log(print(row));
  console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}`);
}

main();
