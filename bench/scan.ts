import { execFileSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { cpus, loadavg } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bestOf, measureProcess, type ProcessRun } from './measure-process.js';
import { ensureScanRepo, type ScanRepo } from './scan-repo.js';
import { loadBuiltinRules } from '../src/local/load-builtin-rules.js';

/*
 * The scan benchmark: the gate's `check` end to end against `git diff` of the same range (the
 * floor: the gate cannot be faster than reading its input) and secretlint (a peer scanner) on
 * the same changed files, at several sizes; plus process start. Prints a markdown table.
 *
 *   npm run bench:scan -- [--sizes 1,5,25,50,100] [--runs 3] [--secretlint-max 5]
 *                         [--cache /tmp/readiness-gate-bench]
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1,5,25,50,100' },
    // The same `check` with every rule off: what reading and parsing the change costs alone.
    'no-rules': { type: 'boolean', default: true },
    // The floor of another representation of a change (bench/representation-floor.ts).
    'representation-floor': { type: 'boolean', default: true },
    runs: { type: 'string' },
    'secretlint-max': { type: 'string', default: '5' },
    cache: { type: 'string', default: '/tmp/readiness-gate-bench' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const secretlintMax = Number(values['secretlint-max']);
const cacheDir = values.cache;
const workDir = join(cacheDir, 'work');
mkdirSync(workDir, { recursive: true });

if (!existsSync(CLI)) {
  console.error('dist/cli.js is missing: run `npm run build` first (`npm run bench:scan` does).');
  process.exit(2);
}

const runsFor = (megabytes: number) =>
  values.runs !== undefined ? Number(values.runs) : megabytes >= 50 ? 2 : 3;
const mb = (bytes: number) => bytes / 1024 / 1024;
const fmtMs = (ms: number) =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;

function gate(args: string[]) {
  return measureProcess(process.execPath, [CLI, ...args], {
    node: true,
    workDir,
    keepStdout: true,
  });
}

function countGateFindings(run: ProcessRun): string {
  if (run.exitCode !== 0 && run.exitCode !== 1)
    return `exit ${run.exitCode}: ${run.stderr.trim().split('\n')[0]}`;
  try {
    const verdict = JSON.parse(run.stdout ?? '') as { findings?: unknown[] };
    return `${verdict.findings?.length ?? 0} findings`;
  } catch {
    return 'unreadable output';
  }
}

function countSecretlintFindings(run: ProcessRun, output: string): string {
  if (run.exitCode !== 0 && run.exitCode !== 1)
    return `exit ${run.exitCode}: ${run.stderr.trim().split('\n')[0]}`;
  try {
    const results = JSON.parse(readFileSync(output, 'utf8')) as Array<{ messages: unknown[] }>;
    return `${results.reduce((sum, result) => sum + result.messages.length, 0)} findings`;
  } catch {
    return 'unreadable output';
  }
}

/** A three-file change, for the cost of starting the gate on a tiny diff. */
function ensureTinyRepo(): string {
  const dir = join(cacheDir, 'tiny-v1');
  if (existsSync(join(dir, '.git', 'bench-done'))) return dir;
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'bench@example.com',
  };
  const run = (args: string[]) => execFileSync('git', args, { cwd: dir, env });
  mkdirSync(join(dir, 'src'), { recursive: true });
  run(['init', '--quiet', '--initial-branch=main']);
  writeFileSync(join(dir, 'README.md'), '# Tiny\n');
  run(['add', '-A']);
  run(['commit', '--quiet', '-m', 'base']);
  writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 1;\ntry { a(); } catch (e) {}\n');
  writeFileSync(join(dir, 'src', 'b.py'), 'import os\nTOKEN = os.environ["TOKEN"]\n');
  writeFileSync(join(dir, 'src', 'c.go'), 'package c\n\nfunc C() int { return 1 }\n');
  run(['add', '-A']);
  run(['commit', '--quiet', '-m', 'three files']);
  writeFileSync(join(dir, '.git', 'bench-done'), '');
  return dir;
}

/** A config that turns every built-in rule off: the gate still reads and parses the change. */
function noRulesConfig(): string {
  const path = join(workDir, 'no-rules.yml');
  const ids = loadBuiltinRules().rules.map((rule) => rule.id);
  writeFileSync(path, `rules:\n  disable: [${ids.join(', ')}]\n`);
  return path;
}

/** bench/representation-floor.ts as one file that `node` runs without a loader. */
function representationFloorScript(): string {
  const outfile = join(workDir, 'representation-floor.mjs');
  buildSync({
    entryPoints: [join(ROOT, 'bench', 'representation-floor.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

interface Row {
  input: string;
  tool: string;
  time: string;
  cpu: string;
  rate: string;
  ratio: string;
  rss: string;
  result: string;
}
const rows: Row[] = [];
const verdicts: string[] = [];

async function benchStart() {
  const runs = 5;
  const floor = await bestOf(runs, () =>
    measureProcess(process.execPath, ['-e', '0'], { node: true, workDir }),
  );
  rows.push({
    input: 'process start',
    tool: '`node -e 0` (floor)',
    time: fmtMs(floor.ms),
    cpu: fmtMs(floor.cpuMs),
    rate: '',
    ratio: '',
    rss: `${floor.peakRssMb.toFixed(0)} MB`,
    result: '',
  });
  for (const [label, args, target] of [
    ['`--version`', ['--version'], 100],
    ['`--help`', ['--help'], 100],
  ] as const) {
    const run = await bestOf(runs, () => gate([...args]), 1);
    const ok = run.exitCode === 0;
    rows.push({
      input: 'process start',
      tool: `readiness-gate ${label}`,
      time: fmtMs(run.ms),
      cpu: fmtMs(run.cpuMs),
      rate: '',
      ratio: `${(run.ms / floor.ms).toFixed(1)}× node`,
      rss: `${run.peakRssMb.toFixed(0)} MB`,
      result: ok ? 'exit 0' : `exit ${run.exitCode} (not supported)`,
    });
    verdicts.push(
      `${label} ≤ ${target} ms: ${ok && run.ms <= target ? 'met' : 'NOT met'} (${fmtMs(run.ms)}${ok ? '' : `, exit ${run.exitCode}`})`,
    );
  }
  const tiny = ensureTinyRepo();
  const run = await bestOf(
    runs,
    () => gate(['check', '--repo', tiny, '--base', 'HEAD~1', '--format', 'json']),
    1,
  );
  rows.push({
    input: 'tiny change (3 files)',
    tool: 'readiness-gate `check`',
    time: fmtMs(run.ms),
    cpu: fmtMs(run.cpuMs),
    rate: '',
    ratio: `${(run.ms / floor.ms).toFixed(1)}× node`,
    rss: `${run.peakRssMb.toFixed(0)} MB`,
    result: countGateFindings(run),
  });
  verdicts.push(`tiny \`check\` ≤ 200 ms: ${run.ms <= 200 ? 'met' : 'NOT met'} (${fmtMs(run.ms)})`);
}

async function benchSize(repo: ScanRepo) {
  const runs = runsFor(repo.megabytes);
  const added = mb(repo.addedBytes);
  const input = `${added.toFixed(0)} MB added, ${repo.files} files (largest ${mb(repo.largestFile).toFixed(1)} MB)`;
  const diffArgs = [
    'diff',
    '-M',
    '--no-color',
    '--no-ext-diff',
    '--unified=3',
    repo.base,
    repo.head,
  ];
  // One discarded run first: the repository's objects come into the page cache.
  const floor = await bestOf(
    runs,
    () => measureProcess('git', diffArgs, { cwd: repo.dir, workDir }),
    1,
  );
  rows.push({
    input,
    tool: '`git diff` (floor)',
    time: fmtMs(floor.ms),
    cpu: fmtMs(floor.cpuMs),
    rate: `${(added / (floor.ms / 1000)).toFixed(0)} MB/s`,
    ratio: '1.0×',
    rss: `${floor.peakRssMb.toFixed(0)} MB`,
    result: `${mb(floor.stdoutBytes).toFixed(0)} MB of diff`,
  });
  /** A measured process as a row beside the floor's. */
  const addRow = (tool: string, run: ProcessRun, result: string) =>
    rows.push({
      input,
      tool,
      time: fmtMs(run.ms),
      cpu: fmtMs(run.cpuMs),
      rate: `${(added / (run.ms / 1000)).toFixed(1)} MB/s`,
      ratio: `${(run.ms / floor.ms).toFixed(1)}×`,
      rss: `${run.peakRssMb.toFixed(0)} MB`,
      result,
    });
  /** The gate's `check` on the range, best of `runs`. */
  const checkRow = async (tool: string, extra: string[]) => {
    const args = ['--repo', repo.dir, '--base', repo.base, '--head', repo.head];
    const run = await bestOf(runs, () => gate(['check', ...args, '--format', 'json', ...extra]));
    addRow(tool, run, countGateFindings(run));
    return run;
  };
  const run = await checkRow('readiness-gate `check`', []);
  const ratio = run.ms / floor.ms;
  if (values['no-rules'] && repo.megabytes >= 25)
    await checkRow('readiness-gate `check`, every rule off', ['--config', noRulesConfig()]);
  if (values['representation-floor'] && repo.megabytes >= 25) {
    const script = representationFloorScript();
    const floorRun = await bestOf(runs, () =>
      measureProcess(process.execPath, [script, repo.dir, repo.base, repo.head], {
        node: true,
        workDir,
        keepStdout: true,
      }),
    );
    let result = `exit ${floorRun.exitCode}`;
    try {
      const tally = JSON.parse(floorRun.stdout ?? '') as { files: number; flagged: number };
      result = `${tally.files} files, ${tally.flagged} lines flagged`;
    } catch {
      // The exit code says what went wrong.
    }
    addRow('prototype: a text per file + keyword pass, no rules', floorRun, result);
  }
  if (repo.megabytes === 50)
    verdicts.push(
      `50 MB within 2× \`git diff\`: ${ratio <= 2 ? 'met' : 'NOT met'} (wall ${ratio.toFixed(1)}×: ${fmtMs(run.ms)} vs ${fmtMs(floor.ms)}; CPU ${(run.cpuMs / floor.cpuMs).toFixed(1)}×: ${fmtMs(run.cpuMs)} vs ${fmtMs(floor.cpuMs)})`,
    );
  if (repo.megabytes === 100) {
    const limit = 2 * mb(repo.largestFile) + 100;
    verdicts.push(
      `peak memory at 100 MB ≤ 2 × largest file + 100 MB = ${limit.toFixed(0)} MB: ${run.peakRssMb <= limit ? 'met' : 'NOT met'} (${run.peakRssMb.toFixed(0)} MB)`,
    );
  }
  if (repo.megabytes <= secretlintMax) {
    const rc = join(workDir, 'secretlintrc.json');
    writeFileSync(
      rc,
      JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }),
    );
    const output = join(workDir, 'secretlint.json');
    const peer = await bestOf(1, () =>
      measureProcess(
        process.execPath,
        [
          join(ROOT, 'node_modules', 'secretlint', 'bin', 'secretlint.js'),
          '--secretlintrc',
          rc,
          '--format',
          'json',
          // A file, not stdout: secretlint exits before a large piped stdout is flushed.
          '--output',
          output,
          '--no-glob',
          ...repo.changed,
        ],
        // secretlint only reads files under its working directory; the preset still resolves
        // from the rule id, through this package's node_modules.
        { cwd: repo.dir, node: true, workDir },
      ),
    );
    addRow('secretlint (recommended preset)', peer, countSecretlintFindings(peer, output));
  }
}

async function main() {
  await benchStart();
  for (const megabytes of sizes) {
    const started = performance.now();
    const repo = ensureScanRepo(cacheDir, megabytes);
    const built = performance.now() - started;
    if (built > 1000)
      console.error(`built the ${megabytes} MB repository in ${(built / 1000).toFixed(1)} s`);
    await benchSize(repo);
    console.error(`measured ${megabytes} MB`);
  }
  const header: Row = {
    input: 'input',
    tool: 'tool',
    time: 'wall (best)',
    cpu: 'CPU',
    rate: 'added MB/s',
    ratio: 'vs git diff',
    rss: 'peak RSS',
    result: 'result',
  };
  const keys = Object.keys(header) as Array<keyof Row>;
  const all = [header, ...rows];
  const widths = keys.map((key) => Math.max(...all.map((row) => row[key].length)));
  const line = (row: Row) => `| ${keys.map((key, i) => row[key].padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  console.log('');
  for (const verdict of verdicts) console.log(`- ${verdict}`);
  console.log(
    `\nnode ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}; ` +
      `wall time best of ${values.runs ?? '3 (2 from 50 MB)'} runs, 5 for process start; secretlint once, up to ${secretlintMax} MB; ` +
      `CPU is the process's own (the gate's git children not included), least of the runs; load average ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')} at the end.`,
  );
}

await main();
