import { gunzipSync } from 'node:zlib';
import { Octokit } from '@octokit/rest';
import {
  FakeGitHub,
  sequentialRoundTrips,
  type FakeState,
  type LogEntry,
} from './fake-github-server.js';

const HEAD = 'c'.repeat(40);
const BASE_SHA = 'b'.repeat(40);

function twentyFilePr(): FakeState {
  return {
    owner: 'acme',
    repo: 'shop',
    head: HEAD,
    base: 'main',
    baseSha: BASE_SHA,
    number: 7,
    files: Array.from({ length: 20 }, (_, i) => ({
      filename: `src/f${i}.ts`,
      status: 'added',
      patch: `@@ -0,0 +1 @@\n+export const f${i} = ${i};`,
    })),
    tree: {
      'READINESS.md': '# Readiness\n\n## Phase 1\n- [x] Ship\n',
      '.github/readiness.yml': 'rules: {}\n',
    },
    baseTree: { '.github/readiness.yml': 'phase: 1\n' },
    comments: [],
    permissions: { maintainer: 'maintain' },
    failOnce: [],
  };
}

/** The file names in a tar archive (ustar headers only; enough for the fake's own archives). */
function tarNames(tar: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const text = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = parseInt(text(124, 12), 8);
    const prefix = text(345, 155);
    const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
    files.set(name, tar.subarray(offset + 512, offset + 512 + size).toString('utf8'));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

describe('the fake GitHub', () => {
  let github: FakeGitHub;
  let api: string;
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${api}${path}`, {
      ...init,
      headers: {
        authorization: 'token ghs_fake_42',
        'content-type': 'application/json',
        ...init.headers,
      },
    });

  const get = async (path: string): Promise<any> => (await call(path)).json();

  beforeEach(async () => {
    github = new FakeGitHub(twentyFilePr());
    await github.start();
    api = `http://127.0.0.1:${github.port}/api/v3`;
  });

  afterEach(async () => {
    await github.stop();
    expect(github.invalid).toEqual([]);
  });

  it('serves what a 20-file pull request needs', async () => {
    const pull = await get('/repos/acme/shop/pulls/7');
    expect(pull).toMatchObject({ number: 7, head: { sha: HEAD }, base: { sha: BASE_SHA } });
    const compare = await get(`/repos/acme/shop/compare/${BASE_SHA}...${HEAD}`);
    expect(compare.files).toHaveLength(20);
    expect(compare.files[3]).toMatchObject({ filename: 'src/f3.ts', status: 'added' });
    expect((await call(`/repos/acme/shop/compare/${BASE_SHA}...${'d'.repeat(40)}`)).status).toBe(
      404,
    );

    const atBase = await get('/repos/acme/shop/contents/.github/readiness.yml?ref=main');
    expect(Buffer.from(atBase.content, 'base64').toString('utf8')).toBe('phase: 1\n');
    const atHead = await get(`/repos/acme/shop/contents/.github/readiness.yml?ref=${HEAD}`);
    expect(Buffer.from(atHead.content, 'base64').toString('utf8')).toBe('rules: {}\n');
    const tree = await get(`/repos/acme/shop/git/trees/${HEAD}?recursive=1`);
    const blob = await get(`/repos/acme/shop/git/blobs/${tree.tree[0].sha}`);
    expect(Buffer.from(blob.content, 'base64').toString('utf8')).toBe(
      '# Readiness\n\n## Phase 1\n- [x] Ship\n',
    );

    const tarball = await call(`/repos/acme/shop/tarball/${HEAD}`);
    const files = tarNames(gunzipSync(Buffer.from(await tarball.arrayBuffer())));
    expect(files.get(`acme-shop-ccccccc/READINESS.md`)).toBe(
      '# Readiness\n\n## Phase 1\n- [x] Ship\n',
    );

    const list = await get('/repos/acme/shop/pulls?state=open&head=acme:feature');
    expect(list.map((p: { number: number }) => p.number)).toEqual([7]);
    expect(await get('/repos/acme/shop/collaborators/maintainer/permission')).toMatchObject({
      permission: 'maintain',
    });
    expect((await call('/repos/acme/shop/branches/main/protection')).status).toBe(404);
  });

  it('answers the Octokit calls an evaluation makes', async () => {
    const octokit = new Octokit({ baseUrl: api, auth: 'ghs_fake_9' });
    const repo = { owner: 'acme', repo: 'shop' };
    const compare = await octokit.rest.repos.compareCommitsWithBasehead({
      ...repo,
      basehead: `${BASE_SHA}...${HEAD}`,
    });
    expect(compare.data.files).toHaveLength(20);
    const config = await octokit.rest.repos.getContent({
      ...repo,
      path: '.github/readiness.yml',
      ref: 'main',
    });
    expect(config.data).toMatchObject({ path: '.github/readiness.yml', encoding: 'base64' });
    const tarball = await octokit.rest.repos.downloadTarballArchive({ ...repo, ref: HEAD });
    const files = tarNames(gunzipSync(Buffer.from(tarball.data as ArrayBuffer)));
    expect([...files.keys()].sort()).toEqual([
      'acme-shop-ccccccc/',
      'acme-shop-ccccccc/.github/readiness.yml',
      'acme-shop-ccccccc/READINESS.md',
    ]);
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: 7,
      per_page: 100,
    });
    expect(comments).toEqual([]);
    expect(github.log.every((entry) => entry.installationId === 9)).toBe(true);
    expect(github.unexpected).toEqual([]);
  });

  it('serves pull requests from one head into different bases', async () => {
    github.state.otherPulls = [
      {
        number: 8,
        base: 'release',
        baseSha: 'e'.repeat(40),
        files: [{ filename: 'x.md', status: 'added' }],
      },
    ];
    const fromHead = await get(`/repos/acme/shop/commits/${HEAD}/pulls`);
    expect(fromHead.map((p: any) => [p.number, p.base.ref])).toEqual([
      [7, 'main'],
      [8, 'release'],
    ]);
    expect((await get(`/repos/acme/shop/compare/${'e'.repeat(40)}...${HEAD}`)).files).toEqual([
      expect.objectContaining({ filename: 'x.md' }),
    ]);
    expect(await get(`/repos/acme/shop/compare/${BASE_SHA}...${HEAD}`)).toMatchObject({
      files: expect.arrayContaining([expect.objectContaining({ filename: 'src/f0.ts' })]),
    });
    expect(await get('/repos/acme/shop/pulls/8/files')).toHaveLength(1);
  });

  it('keeps comments, reactions and check runs as GitHub does', async () => {
    const comment: any = await (
      await call('/repos/acme/shop/issues/7/comments', {
        method: 'POST',
        body: JSON.stringify({ body: 'hello' }),
      })
    ).json();
    const react = () =>
      call(`/repos/acme/shop/issues/comments/${comment.id}/reactions`, {
        method: 'POST',
        body: JSON.stringify({ content: 'eyes' }),
      });
    expect([(await react()).status, (await react()).status]).toEqual([201, 200]);

    const created: any = await (
      await call('/repos/acme/shop/check-runs', {
        method: 'POST',
        body: JSON.stringify({
          name: 'Readiness Gate',
          head_sha: HEAD,
          status: 'completed',
          conclusion: 'failure',
          output: {
            title: 't',
            summary: 's',
            annotations: [
              { path: 'a', start_line: 1, end_line: 1, annotation_level: 'failure', message: 'm' },
            ],
          },
        }),
      })
    ).json();
    expect(created).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const forRef = await get(
      `/repos/acme/shop/commits/${HEAD}/check-runs?check_name=Readiness%20Gate`,
    );
    expect(forRef.check_runs.map((r: { id: number }) => r.id)).toEqual([created.id]);
    expect(github.checkRuns[0]?.annotations).toHaveLength(1);
  });

  it('injects status faults on chosen calls, secondary rate limits and ambiguous failures', async () => {
    github.inject({ method: 'GET', path: '/repos/acme/shop/pulls/7', calls: [2], status: 502 });
    github.inject({ method: 'GET', path: /\/contents\//, times: 1, status: 404 });
    github.inject({ path: /\/git\/trees\//, secondaryRateLimit: true, times: 1 });
    github.inject({
      method: 'POST',
      path: /\/issues\/7\/comments$/,
      status: 502,
      when: 'after',
      times: 1,
    });

    const pulls = [];
    for (let i = 0; i < 3; i++) pulls.push((await call('/repos/acme/shop/pulls/7')).status);
    expect(pulls).toEqual([200, 502, 200]);
    const contents = '/repos/acme/shop/contents/READINESS.md';
    expect([(await call(contents)).status, (await call(contents)).status]).toEqual([404, 200]);

    const limited = await call(`/repos/acme/shop/git/trees/${HEAD}`);
    expect(limited.status).toBe(403);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(((await limited.json()) as any).message).toMatch(/secondary rate limit/);

    const posted = await call('/repos/acme/shop/issues/7/comments', {
      method: 'POST',
      body: JSON.stringify({ body: 'sticky' }),
    });
    // GitHub did the work, the client saw a 502.
    expect(posted.status).toBe(502);
    expect(github.commentsOn('acme', 'shop', 7).map((c) => c.body)).toEqual(['sticky']);
  });

  it('cuts responses off after the headers or mid-body, after the write took effect', async () => {
    github.inject({ method: 'POST', path: /\/check-runs$/, cut: 'after-headers', times: 1 });
    github.inject({ method: 'GET', path: /\/pulls\/7\/files$/, cut: 'mid-body', times: 1 });
    const create = async () => {
      const response = await call('/repos/acme/shop/check-runs', {
        method: 'POST',
        body: JSON.stringify({ name: 'Readiness Gate', head_sha: HEAD, status: 'in_progress' }),
      });
      return response.json();
    };
    await expect(create()).rejects.toThrow();
    expect(github.checkRunsFor(HEAD)).toBe(1);

    const page = async () => (await call('/repos/acme/shop/pulls/7/files?per_page=100')).json();
    await expect(page()).rejects.toThrow();
    expect(await page()).toHaveLength(20);
    expect(github.log.map((e) => e.outcome)).toEqual(['cut', 'cut', 'ok']);
  });

  it('leaves a hung request unanswered until the client gives up', async () => {
    github.inject({ method: 'GET', path: '/repos/acme/shop/pulls/7', hang: true, times: 1 });
    const controller = new AbortController();
    const hung = call('/repos/acme/shop/pulls/7', { signal: controller.signal });
    // Other requests are still served meanwhile.
    expect((await call('/repos/acme/shop/pulls/7')).status).toBe(200);
    await github.until(() => github.log.some((e) => e.outcome === 'hung'), 'the hung request');
    controller.abort();
    await expect(hung).rejects.toThrow();
    expect(github.log.find((e) => e.outcome === 'hung')?.end).toBeNull();
  });

  it('logs each request with its installation and times, for round trips', async () => {
    github.inject({ path: /./, latencyMs: 150 });
    const mark = github.mark();
    await call('/repos/acme/shop/pulls/7');
    await Promise.all([
      call(`/repos/acme/shop/compare/${BASE_SHA}...${HEAD}`),
      call('/repos/acme/shop/issues/7/comments'),
      call('/repos/acme/shop/contents/READINESS.md'),
    ]);
    await call('/repos/acme/shop/check-runs', {
      method: 'POST',
      body: JSON.stringify({ name: 'Readiness Gate', head_sha: HEAD, conclusion: 'success' }),
    });
    const entries = github.since(mark);
    expect(entries).toHaveLength(5);
    expect(entries.every((e) => e.installationId === 42 && e.end !== null)).toBe(true);
    expect(sequentialRoundTrips(entries)).toBe(3);
  });
});

describe('sequentialRoundTrips', () => {
  const entry = (start: number, end: number | null): LogEntry => ({
    seq: 0,
    method: 'GET',
    path: '/',
    query: '',
    installationId: null,
    start,
    end,
    status: 200,
    outcome: 'ok',
  });

  it.each([
    { name: 'nothing', entries: [], trips: 0 },
    { name: 'one after another', entries: [entry(0, 1), entry(1, 2), entry(3, 4)], trips: 3 },
    { name: 'all at once', entries: [entry(0, 5), entry(1, 3), entry(2, 6)], trips: 1 },
    {
      name: 'a long read beside a chain of short ones',
      entries: [entry(0, 10), entry(0, 2), entry(3, 5), entry(6, 8), entry(11, 12)],
      trips: 4,
    },
    { name: 'a hung request', entries: [entry(0, 1), entry(2, null), entry(3, 4)], trips: 2 },
  ])('$name: $trips', ({ entries, trips }) => {
    expect(sequentialRoundTrips(entries)).toBe(trips);
  });
});
