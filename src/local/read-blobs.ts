import { iterateGit, streamGit } from './git.js';

export type BlobResult =
  | { ok: true; bytes: Buffer }
  | { ok: false; reason: 'missing' | 'too large' | 'not a file'; size?: number };

/** Parses `git cat-file --batch` output, handing each blob to `onBlob` once it is complete. */
function createBlobParser(
  ids: readonly string[],
  maxBytes: number,
  onBlob: (id: string, result: BlobResult) => void,
): (chunk: Buffer) => void {
  let index = 0;
  let header: Buffer[] = [];
  let body: Buffer[] | null = null;
  let remaining = 0;
  let type = '';
  let size = 0;
  const finish = () => {
    const id = ids[index++] as string;
    if (type !== 'blob') onBlob(id, { ok: false, reason: 'not a file', size });
    else if (size > maxBytes) onBlob(id, { ok: false, reason: 'too large', size });
    else onBlob(id, { ok: true, bytes: Buffer.concat(body ?? []).subarray(0, size) });
    body = null;
  };
  return (chunk) => {
    let offset = 0;
    while (offset < chunk.length) {
      if (body !== null) {
        const take = Math.min(remaining, chunk.length - offset);
        if (type === 'blob' && size <= maxBytes) body.push(chunk.subarray(offset, offset + take));
        remaining -= take;
        offset += take;
        if (remaining === 0) finish();
        continue;
      }
      const newline = chunk.indexOf(0x0a, offset);
      if (newline === -1) {
        header.push(chunk.subarray(offset));
        break;
      }
      header.push(chunk.subarray(offset, newline));
      offset = newline + 1;
      const line = Buffer.concat(header).toString('utf8');
      header = [];
      const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(line);
      if (!match) {
        onBlob(ids[index++] as string, { ok: false, reason: 'missing' });
        continue;
      }
      type = match[1] as string;
      size = Number(match[2]);
      body = [];
      // The +1 is the newline git writes after every body.
      remaining = size + 1;
    }
  };
}

/**
 * Reads blobs by object id through one streamed `git cat-file --batch`: ids never contain a
 * newline, so an odd file name cannot shift the answers. Each blob is handed to `onBlob` as soon
 * as it is complete and is not kept; a blob over `maxBytes` is skipped while it streams past.
 */
export async function readBlobs(
  repo: string,
  ids: string[],
  maxBytes: number,
  onBlob: (id: string, result: BlobResult) => void,
): Promise<void> {
  if (ids.length === 0) return;
  await streamGit(repo, ['cat-file', '--batch'], createBlobParser(ids, maxBytes, onBlob), {
    input: `${ids.join('\n')}\n`,
  });
}

/**
 * The same blobs, in order, as the consumer pulls them: git waits while the consumer works, so
 * at most a blob and a pipe's worth of output are held, whatever the total size.
 */
export async function* iterateBlobs(
  repo: string,
  ids: readonly string[],
  maxBytes: number,
): AsyncGenerator<{ id: string; result: BlobResult }> {
  if (ids.length === 0) return;
  const ready: Array<{ id: string; result: BlobResult }> = [];
  const parse = createBlobParser(ids, maxBytes, (id, result) => ready.push({ id, result }));
  for await (const chunk of iterateGit(repo, ['cat-file', '--batch'], {
    input: `${ids.join('\n')}\n`,
  })) {
    parse(chunk);
    while (ready.length > 0) yield ready.shift() as { id: string; result: BlobResult };
  }
}
