import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobResult } from './read-blobs.js';

/**
 * Reads a file of the working tree without ever leaving the repository: a path that is a
 * symbolic link, or that runs through one, is refused (git itself stores a link, not its
 * target). Reads at most `maxBytes`.
 */
export async function readWorktreeFile(
  realRoot: string,
  path: string,
  maxBytes: number,
): Promise<BlobResult | { ok: false; reason: 'symbolic link' }> {
  const full = join(realRoot, path);
  let real: string;
  try {
    real = await realpath(full);
  } catch {
    return { ok: false, reason: 'missing' };
  }
  if (real !== full) return { ok: false, reason: 'symbolic link' };
  let handle;
  try {
    handle = await open(full, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ELOOP'
      ? { ok: false, reason: 'symbolic link' }
      : { ok: false, reason: 'missing' };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, reason: 'not a file' };
    if (info.size > maxBytes) return { ok: false, reason: 'too large', size: info.size };
    const bytes = Buffer.alloc(info.size);
    const { bytesRead } = await handle.read(bytes, 0, info.size, 0);
    return { ok: true, bytes: bytes.subarray(0, bytesRead) };
  } finally {
    await handle.close();
  }
}
