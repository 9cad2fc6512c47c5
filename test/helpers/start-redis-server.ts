import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './find-free-port.js';
import { stopChild } from './stop-child.js';

/** A throwaway redis-server on a free port, without persistence. */
export async function startRedisServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'readiness-gate-redis-'));
  const port = await findFreePort();
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const stop = async () => {
    await stopChild(server, 'SIGTERM', 5_000);
    rmSync(dir, { recursive: true, force: true });
  };
  let log = '';
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000);
    server.stdout?.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    server.once('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (!ready) {
    await stop();
    throw new Error(`redis-server did not start on port ${port}:\n${log.slice(-2000)}`);
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}
