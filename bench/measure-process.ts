import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ProcessRun {
  ms: number;
  /** Peak resident memory of the process (not its children), in MB. */
  peakRssMb: number;
  /** How the peak was read: `maxRSS` of a Node process at exit, or `/proc` VmHWM polling. */
  rssSource: 'maxRSS' | 'VmHWM';
  /**
   * CPU time (user + system) of the process itself, in ms: less sensitive than wall time to
   * other jobs on a shared machine. Exact for Node (at exit), polled from /proc otherwise.
   */
  cpuMs: number;
  exitCode: number | null;
  stdoutBytes: number;
  stdout: string | null;
  stderr: string;
}

export interface MeasureOptions {
  cwd?: string;
  /** Keep stdout (as text) instead of counting its bytes only. */
  keepStdout?: boolean;
  /**
   * The command is `node`: preload a hook that writes `process.resourceUsage().maxRSS` at
   * exit, which is exact where polling `/proc` can miss a late peak.
   */
  node?: boolean;
  /** Where to put the hook and its output. */
  workDir: string;
}

/** utime + stime of a live process, in ms (clock ticks of 10 ms on Linux). */
function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

function vmHwmKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Runs a command to its end: wall time from spawn to exit, peak memory, exit code. */
export function measureProcess(
  command: string,
  args: string[],
  options: MeasureOptions,
): Promise<ProcessRun> {
  mkdirSync(options.workDir, { recursive: true });
  const rssFile = join(options.workDir, `rss-${process.pid}.txt`);
  const hook = join(options.workDir, 'rss-hook.cjs');
  let argv = args;
  if (options.node) {
    writeFileSync(
      hook,
      "process.on('exit', () => { try { const u = process.resourceUsage(); require('node:fs').writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify([u.maxRSS, (u.userCPUTime + u.systemCPUTime) / 1000])); } catch {} });\n",
    );
    rmSync(rssFile, { force: true });
    argv = ['-r', hook, ...args];
  }
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, argv, {
      cwd: options.cwd,
      env: { ...process.env, BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let peakKb = 0;
    let cpuMs = 0;
    const poll = setInterval(() => {
      if (child.pid === undefined) return;
      peakKb = Math.max(peakKb, vmHwmKb(child.pid));
      cpuMs = Math.max(cpuMs, cpuOf(child.pid));
    }, 5);
    const chunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (options.keepStdout) chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 10_000) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => {
      clearInterval(poll);
      reject(error);
    });
    child.on('close', (exitCode) => {
      const ms = performance.now() - started;
      clearInterval(poll);
      let rssSource: ProcessRun['rssSource'] = 'VmHWM';
      if (options.node) {
        try {
          [peakKb, cpuMs] = JSON.parse(readFileSync(rssFile, 'utf8')) as [number, number];
          rssSource = 'maxRSS';
        } catch {
          // The process died before its exit hook: keep the polled peak.
        }
      }
      resolve({
        ms,
        peakRssMb: peakKb / 1024,
        rssSource,
        cpuMs,
        exitCode,
        stdoutBytes,
        stdout: options.keepStdout ? Buffer.concat(chunks).toString('utf8') : null,
        stderr,
      });
    });
  });
}

/**
 * The fastest of `runs` runs (after `warmups` discarded ones), the least CPU time of any, and
 * the peak memory of the worst.
 */
export async function bestOf(
  runs: number,
  run: () => Promise<ProcessRun>,
  warmups = 0,
): Promise<ProcessRun & { runs: number }> {
  for (let i = 0; i < warmups; i++) await run();
  const all: ProcessRun[] = [];
  for (let i = 0; i < runs; i++) all.push(await run());
  const best = all.reduce((a, b) => (a.ms <= b.ms ? a : b));
  return {
    ...best,
    peakRssMb: Math.max(...all.map((r) => r.peakRssMb)),
    cpuMs: Math.min(...all.map((r) => r.cpuMs)),
    runs,
  };
}
