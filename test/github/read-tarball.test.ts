import { gzipSync } from 'node:zlib';
import { Octokit } from '@octokit/rest';
import nock from 'nock';
import { readRepositoryTarball, readTarball } from '../../src/github/read-tarball.js';
import { writeTar } from '../helpers/fake-github-server.js';

const TOP = 'acme-shop-abc1234/';
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** One raw tar entry with any type flag (pax `x`/`g`, GNU `L`), for what `writeTar` lacks. */
function rawEntry(name: string, type: string, data: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name.slice(0, 100), 0, 'utf8');
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write(type, 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const padding = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([header, data, padding]);
}

const paxRecord = (key: string, value: string) => {
  const body = ` ${key}=${value}\n`;
  const bytes = Buffer.byteLength(body);
  let length = bytes + 1;
  while (String(length).length + bytes !== length) length++;
  return `${length}${body}`;
};

/** A stream of `bytes` in small chunks, so that headers and data straddle chunk boundaries. */
async function* chunked(bytes: Buffer, size = 97) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const tarOf = (entries: Array<{ path: string; text?: string; directory?: boolean }>) =>
  writeTar([{ path: TOP, directory: true }, ...entries.map((e) => ({ ...e, path: TOP + e.path }))]);

describe('readTarball', () => {
  it('reads text files under the top folder, skipping binaries, NUL files and ignored paths', async () => {
    const tar = tarOf([
      { path: 'src/a.ts', text: 'export const a = 1;\n' },
      { path: 'logo.png', text: 'not really a png' },
      { path: 'data/blob.dat', text: 'ab\u0000cd' },
      { path: 'vendor/lib.js', text: 'var x;' },
      { path: 'empty.txt', text: '' },
    ]);
    const read = await readTarball(chunked(gzipSync(tar)), {
      ignore: (path) => path.startsWith('vendor/'),
    });
    expect(read).toEqual({
      files: [
        { path: 'src/a.ts', text: 'export const a = 1;\n' },
        { path: 'empty.txt', text: '' },
      ],
      truncated: false,
      reasons: [],
    });
  });

  it('follows pax paths (ignoring the global header), GNU long names and ustar prefixes', async () => {
    const deep = `${'d'.repeat(60)}/${'e'.repeat(60)}/file.md`;
    const longer = `${'n'.repeat(120)}/x.txt`;
    const tar = Buffer.concat([
      rawEntry('pax_global_header', 'g', Buffer.from(paxRecord('comment', 'abc1234'))),
      rawEntry(TOP, '5', Buffer.alloc(0)),
      rawEntry('PaxHeader', 'x', Buffer.from(paxRecord('path', `${TOP}docs/ünïcode-päth.md`))),
      rawEntry('short-name', '0', Buffer.from('pax named')),
      rawEntry('././@LongLink', 'L', Buffer.from(`${TOP}${longer}\0`)),
      rawEntry('truncated-name', '0', Buffer.from('gnu named')),
      writeTar([{ path: TOP + deep, text: 'prefixed' }]),
    ]);
    const read = await readTarball(chunked(gzipSync(tar), 300));
    expect(read.files).toEqual([
      { path: 'docs/ünïcode-päth.md', text: 'pax named' },
      { path: longer, text: 'gnu named' },
      { path: deep, text: 'prefixed' },
    ]);
  });

  it('caps the total, the file count and each file, and says which cap cut it', async () => {
    const tar = tarOf([
      { path: 'a.txt', text: 'a'.repeat(100) },
      { path: 'big.txt', text: 'b'.repeat(3000) },
      { path: 'c.txt', text: 'c'.repeat(100) },
      { path: 'PLAN.md', text: '- [x] keep me' },
      { path: 'd.txt', text: 'd'.repeat(100) },
    ]);
    const read = await readTarball(chunked(gzipSync(tar)), {
      limits: { maxFileBytes: 2048, maxTotalBytes: 150 },
      wanted: new Set(['PLAN.md']),
    });
    expect(read.files.map((file) => file.path)).toEqual(['a.txt', 'PLAN.md']);
    expect(read.truncated).toBe(true);
    expect(read.reasons).toEqual(['1 file over 2 KiB', 'the total cap of 0 MiB']);
    const counted = await readTarball(chunked(gzipSync(tar)), { limits: { maxFiles: 1 } });
    expect(counted.files.map((file) => file.path)).toEqual(['a.txt']);
    expect(counted.reasons).toEqual(['the cap of 1 files']);
  });

  it('asks once the wanted files are read whether to read on, and stops when told not to', async () => {
    const tar = tarOf([
      { path: 'PLAN.md', text: '- [x] Done' },
      { path: 'src/a.ts', text: 'a' },
    ]);
    const seen: string[][] = [];
    const stopped = await readTarball(chunked(gzipSync(tar), 100_000), {
      wanted: new Set(['PLAN.md']),
      keepReading: (found) => {
        seen.push(found.map((file) => file.path));
        return false;
      },
    });
    expect(stopped).toEqual({
      files: [{ path: 'PLAN.md', text: '- [x] Done' }],
      truncated: false,
      reasons: [],
      stopped: true,
    });
    const whole = await readTarball(chunked(gzipSync(tar)), {
      wanted: new Set(['PLAN.md']),
      keepReading: async (found) => {
        seen.push(found.map((file) => file.path));
        return true;
      },
    });
    expect(whole.files.map((file) => file.path)).toEqual(['PLAN.md', 'src/a.ts']);
    expect(seen).toEqual([['PLAN.md'], ['PLAN.md']]);
  });

  it('stops a gzip bomb at the archive cap', async () => {
    const tar = tarOf([{ path: 'zeros.txt', text: 'z'.repeat(4 * 1024 * 1024) }]);
    const read = await readTarball(chunked(gzipSync(tar), 4096), {
      limits: { maxStreamBytes: 64 * 1024 },
    });
    expect(read).toEqual({
      files: [],
      truncated: true,
      reasons: ['1 file over 1024 KiB', 'the archive cap of 0 MiB'],
    });
  });

  it('throws on a corrupt header and on an archive cut short', async () => {
    const tar = tarOf([{ path: 'a.txt', text: 'hello' }]);
    const corrupt = Buffer.from(tar);
    corrupt[520] = 0x41;
    await expect(readTarball(chunked(gzipSync(corrupt)))).rejects.toThrow(/checksum/);
    await expect(readTarball(chunked(gzipSync(tar.subarray(0, 1024))))).rejects.toThrow(
      /Unexpected end of the archive/,
    );
    await expect(readTarball(chunked(gzipSync(tar).subarray(0, 40)))).rejects.toThrow();
  });
});

describe('readRepositoryTarball', () => {
  afterEach(() => nock.cleanAll());

  it('follows GitHub’s redirect to codeload and reads the archive in one API request', async () => {
    const sha = 'a'.repeat(40);
    const api = nock('https://api.github.com')
      .get(`/repos/acme/shop/tarball/${sha}`)
      .reply(302, '', { location: `https://codeload.github.com/acme/shop/legacy.tar.gz/${sha}` });
    const codeload = nock('https://codeload.github.com')
      .get(`/acme/shop/legacy.tar.gz/${sha}`)
      .reply(200, gzipSync(tarOf([{ path: 'src/key.ts', text: 'const k = 1;' }])), {
        'content-type': 'application/x-gzip',
      });
    const read = await readRepositoryTarball(
      new Octokit({ auth: 'token' }),
      { owner: 'acme', repo: 'shop' },
      sha,
    );
    expect(read.files).toEqual([{ path: 'src/key.ts', text: 'const k = 1;' }]);
    expect(api.isDone() && codeload.isDone()).toBe(true);
  });

  it('wraps a failed read once, with what was being read', async () => {
    nock('https://api.github.com')
      .get(/\/tarball\//)
      .reply(404, { message: 'Not Found' });
    await expect(
      readRepositoryTarball(
        new Octokit({ log: quiet }),
        { owner: 'acme', repo: 'shop' },
        'b'.repeat(40),
      ),
    ).rejects.toThrow('GitHub: cannot read the repository at head (HTTP 404)');
  });
});
