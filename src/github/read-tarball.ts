import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Octokit } from '@octokit/rest';
import { wrapGitHubError } from './read-pull-request.js';

/** What a repository read keeps: bounded so that a huge or hostile archive cannot exhaust memory. */
export interface TarballLimits {
  /** Total text kept, in bytes. */
  maxTotalBytes: number;
  /** A file larger than this is not kept (and the read is marked truncated). */
  maxFileBytes: number;
  /** At most this many files are kept. */
  maxFiles: number;
  /** The read stops after this many uncompressed bytes (a gzip bomb stops here). */
  maxStreamBytes: number;
}

export const TARBALL_LIMITS: TarballLimits = {
  maxTotalBytes: 64 * 1024 * 1024,
  maxFileBytes: 1024 * 1024,
  maxFiles: 50_000,
  maxStreamBytes: 512 * 1024 * 1024,
};

export interface TarballFiles {
  files: Array<{ path: string; text: string }>;
  /** Whether some text file was left out by a cap; `reasons` says which caps. */
  truncated: boolean;
  reasons: string[];
  /** The read stopped after the wanted files, as `keepReading` asked. */
  stopped?: boolean;
}

export interface ReadTarballOptions {
  limits?: Partial<TarballLimits>;
  /** Paths left out on purpose (the config's `ignore`). */
  ignore?: (path: string) => boolean;
  /**
   * Paths kept even past the total and count caps (the readiness documents, still bounded by
   * the per-file cap): the read goes on until they are found or the stream cap is reached.
   */
  wanted?: ReadonlySet<string>;
  /**
   * Called once every wanted path was read (or could not be), with those files: whether the
   * rest of the repository is needed. When it answers false, the read stops there and returns
   * only the wanted files, with `stopped` set.
   */
  keepReading?: (found: Array<{ path: string; text: string }>) => boolean | Promise<boolean>;
}

const BINARY =
  /\.(png|jpe?g|gif|webp|ico|bmp|tiff?|pdf|zip|gz|tgz|bz2|xz|7z|rar|jar|war|class|so|dylib|dll|exe|bin|woff2?|ttf|otf|eot|mp[34]|mov|avi|wasm|psd|sqlite|db|pyc|o|a)$/i;
const BLOCK = 512;
const MiB = 1024 * 1024;

/** An octal header field, or GNU's base-256 form for sizes over 8 GB. */
function readNumber(header: Buffer, offset: number, length: number): number {
  if ((header[offset] as number) & 0x80) {
    let value = 0;
    for (let i = offset + 1; i < offset + length; i++) value = value * 256 + (header[i] as number);
    return value;
  }
  const text = header
    .toString('latin1', offset, offset + length)
    .replace(/[\0 ]+$/, '')
    .trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text))
    throw new Error(`Unexpected tar header field "${text}", expected an octal number`);
  return parseInt(text, 8);
}

function readString(header: Buffer, offset: number, length: number): string {
  const end = header.indexOf(0, offset);
  return header.toString(
    'utf8',
    offset,
    end === -1 || end > offset + length ? offset + length : end,
  );
}

function isZeroBlock(block: Buffer): boolean {
  for (const byte of block) if (byte !== 0) return false;
  return true;
}

function checksumMatches(header: Buffer): boolean {
  const stored = readNumber(header, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] as number);
  return sum === stored;
}

/** `len key=value\n` records of a pax extended header. */
function parsePax(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const length = Number(data.toString('latin1', at, space));
    if (!Number.isSafeInteger(length) || length <= 0 || at + length > data.length) break;
    const record = data.toString('utf8', space + 1, at + length - 1);
    const equals = record.indexOf('=');
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    at += length;
  }
  return records;
}

/** GitHub's archives put everything under one `<owner>-<repo>-<sha>/` folder. */
function stripTop(path: string): string | null {
  const slash = path.indexOf('/');
  if (slash === -1) return null;
  const rest = path.slice(slash + 1).replace(/\/+$/, '');
  return rest === '' ? null : rest;
}

/**
 * Reads a gzipped tar stream (GitHub's repository tarball) into its text files, in memory and
 * bounded: ustar with pax and GNU long names, the top-level folder stripped, binaries (by name
 * or a NUL byte), symlinks and ignored paths skipped. A cap never fails the read: it marks it
 * truncated with the cap's name. A corrupt archive or a broken stream throws.
 */
export async function readTarball(
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  options: ReadTarballOptions = {},
): Promise<TarballFiles> {
  const limits = { ...TARBALL_LIMITS, ...options.limits };
  const wanted = new Set(options.wanted ?? []);
  const input =
    body instanceof ReadableStream
      ? Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>)
      : Readable.from(body);
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);

  const files: Array<{ path: string; text: string }> = [];
  const reasons = new Set<string>();
  let total = 0;
  let streamed = 0;
  let large = 0;

  let pending: Buffer = Buffer.alloc(0);
  /** The entry whose data is being read: kept in `chunks`, or skipped when null. */
  let entry: { path: string | null; size: number; kind: 'file' | 'pax' | 'longname' } | null = null;
  let remaining = 0;
  let padding = 0;
  let chunks: Buffer[] | null = null;
  let nextPath: string | null = null;
  let nextSize: number | null = null;
  let ended = false;

  const capped = () =>
    reasons.has('total') || reasons.has('count') ? [...wanted].length === 0 : false;

  const finishEntry = () => {
    if (!entry) return;
    const data = chunks ? Buffer.concat(chunks) : null;
    if (entry.kind === 'pax' && data) {
      const records = parsePax(data);
      const path = records.get('path');
      const size = records.get('size');
      if (path !== undefined) nextPath = path;
      if (size !== undefined && /^\d+$/.test(size)) nextSize = Number(size);
    } else if (entry.kind === 'longname' && data) {
      nextPath = data.toString('utf8').replace(/\0+$/, '');
    } else if (entry.kind === 'file' && data && entry.path !== null) {
      const path = entry.path;
      if (data.includes(0)) {
        wanted.delete(path);
      } else {
        const isWanted = wanted.delete(path);
        if (isWanted || (!reasons.has('total') && !reasons.has('count'))) {
          files.push({ path, text: data.toString('utf8') });
          total += data.length;
        }
      }
    }
    entry = null;
    chunks = null;
  };

  const startEntry = (header: Buffer) => {
    if (!checksumMatches(header))
      throw new Error('Unexpected tar header checksum, expected a valid tar archive');
    const type = String.fromCharCode(header[156] as number);
    const size = nextSize ?? readNumber(header, 124, 12);
    let name = readString(header, 0, 100);
    if (header.toString('latin1', 257, 262) === 'ustar') {
      const prefix = readString(header, 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    if (nextPath !== null) name = nextPath;
    const isMeta = type === 'x' || type === 'g' || type === 'L' || type === 'K';
    if (!isMeta) {
      nextPath = null;
      nextSize = null;
    }
    remaining = size;
    padding = (BLOCK - (size % BLOCK)) % BLOCK;
    chunks = null;
    if (type === 'x' || type === 'L') {
      // Metadata for the next entry: small by nature, bounded all the same.
      if (size > MiB) throw new Error('Unexpected tar extended header over 1 MiB');
      entry = { path: null, size, kind: type === 'x' ? 'pax' : 'longname' };
      chunks = [];
      return;
    }
    entry = { path: null, size, kind: 'file' };
    if (type !== '0' && type !== '\0' && type !== '7') return;
    const path = stripTop(name);
    if (path === null) return;
    const isWanted = wanted.has(path);
    if (BINARY.test(path) && !isWanted) return;
    if (!isWanted && options.ignore?.(path)) return;
    if (size > limits.maxFileBytes) {
      large++;
      reasons.add('file');
      wanted.delete(path);
      return;
    }
    if (!isWanted) {
      if (files.length >= limits.maxFiles) {
        reasons.add('count');
        return;
      }
      if (total + size > limits.maxTotalBytes) {
        reasons.add('total');
        return;
      }
    }
    entry.path = path;
    chunks = [];
  };

  const consume = (data: Buffer): void => {
    pending = pending.length > 0 ? Buffer.concat([pending, data]) : data;
    let at = 0;
    while (!ended) {
      if (entry && remaining > 0) {
        const take = Math.min(remaining, pending.length - at);
        if (take === 0) break;
        if (chunks) chunks.push(Buffer.from(pending.subarray(at, at + take)));
        remaining -= take;
        at += take;
        if (remaining > 0) break;
      }
      if (entry && remaining === 0 && padding > 0) {
        const skip = Math.min(padding, pending.length - at);
        padding -= skip;
        at += skip;
        if (padding > 0) break;
      }
      if (entry && remaining === 0 && padding === 0) finishEntry();
      if (pending.length - at < BLOCK) break;
      const header = pending.subarray(at, at + BLOCK);
      at += BLOCK;
      if (isZeroBlock(header)) {
        ended = true;
        break;
      }
      startEntry(Buffer.from(header));
    }
    pending = pending.subarray(at);
  };

  const initiallyWanted = new Set(wanted);
  let asked = false;
  const stop = async (): Promise<boolean> => {
    if (asked || wanted.size > 0 || !options.keepReading) return false;
    asked = true;
    const found = files.filter((file) => initiallyWanted.has(file.path));
    return !(await options.keepReading(found));
  };
  try {
    if (await stop()) return { files: [], truncated: false, reasons: [], stopped: true };
    for await (const chunk of gunzip) {
      const data = chunk as Buffer;
      streamed += data.length;
      consume(data);
      if (await stop())
        return {
          files: files.filter((file) => initiallyWanted.has(file.path)),
          truncated: false,
          reasons: [],
          stopped: true,
        };
      if (ended || capped()) break;
      if (streamed > limits.maxStreamBytes) {
        reasons.add('stream');
        break;
      }
    }
    if (!ended && !capped() && !reasons.has('stream'))
      throw new Error('Unexpected end of the archive, expected the end-of-archive blocks');
  } finally {
    // Stops the download as well when the read ends early.
    input.destroy();
    gunzip.destroy();
  }
  const describe: Record<string, string> = {
    total: `the total cap of ${Math.round(limits.maxTotalBytes / MiB)} MiB`,
    count: `the cap of ${limits.maxFiles} files`,
    file: `${large} file${large === 1 ? '' : 's'} over ${Math.round(limits.maxFileBytes / 1024)} KiB`,
    stream: `the archive cap of ${Math.round(limits.maxStreamBytes / MiB)} MiB`,
  };
  return {
    files,
    truncated: reasons.size > 0,
    reasons: [...reasons].map((reason) => describe[reason] as string),
  };
}

/**
 * The text files of a repository at a commit, in one request: `GET /repos/{o}/{r}/tarball/{sha}`
 * (GitHub answers with a redirect to codeload, which fetch follows), streamed and capped.
 */
export async function readRepositoryTarball(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  sha: string,
  options: ReadTarballOptions = {},
): Promise<TarballFiles> {
  try {
    const response = await octokit.rest.repos.downloadTarballArchive({
      ...repo,
      ref: sha,
      // The raw body, streamed: Octokit would otherwise buffer the whole archive.
      request: { parseSuccessResponseBody: false, redirect: 'follow' },
    });
    const body = response.data as unknown;
    if (!body || typeof body !== 'object')
      throw new Error('GitHub sent the archive without a body');
    return await readTarball(body as ReadableStream<Uint8Array>, options);
  } catch (error) {
    throw wrapGitHubError('the repository at head', error);
  }
}
