import { createHmac, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import type { Server } from 'probot';
import { run } from 'probot';
import app from '../../src/app.js';
import { FakeGitHub, type FakeState } from '../helpers/fake-github-server.js';
import { commentCreated, pullRequestOpened } from '../helpers/webhook-payloads.js';

const SECRET = 'e2e-webhook-secret';
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const KEY_LINE = "const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';";
const HEAD_1 = '1'.repeat(40);
const HEAD_2 = '2'.repeat(40);
const HEAD_3 = '3'.repeat(40);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('end to end: the real HTTP server against a local fake GitHub', () => {
  let github: FakeGitHub;
  let server: Server;
  let port: number;
  let delivery = 0;
  const state: FakeState = {
    owner: 'Codertocat',
    repo: 'Hello-World',
    head: HEAD_1,
    base: 'master',
    files: [
      {
        filename: 'src/pay.ts',
        status: 'modified',
        patch: `@@ -1,1 +1,2 @@\n const a = 1;\n+${KEY_LINE}`,
      },
    ],
    tree: { 'ACTION_PLAN.md': '# Plan\n\n## Phase 1\n- [x] Ship\n- [ ] Rotate keys\n' },
    comments: [],
    permissions: { reader: 'read', maintainer: 'maintain' },
    failOnce: [],
  };

  beforeAll(async () => {
    github = new FakeGitHub(state);
    await github.start();
    port = await freePort();
    server = await run(app, {
      env: {
        APP_ID: '123',
        PRIVATE_KEY: privateKey,
        WEBHOOK_SECRET: SECRET,
        PORT: String(port),
        HOST: '127.0.0.1',
        GHE_HOST: `127.0.0.1:${github.port}`,
        GHE_PROTOCOL: 'http',
        LOG_LEVEL: 'fatal',
        NODE_ENV: 'test',
      },
    });
  }, 60_000);

  afterAll(async () => {
    await server.stop();
    await github.stop();
  });

  afterEach(() => {
    expect(github.invalid).toEqual([]);
    expect(github.unexpected).toEqual([]);
  });

  async function send(
    name: string,
    payload: object,
    options: { id?: string; signature?: string } = {},
  ) {
    const body = JSON.stringify(payload);
    const signature =
      options.signature ?? `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const before = github.requests.length;
    const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': name,
        'x-github-delivery': options.id ?? `delivery-${++delivery}`,
        'x-hub-signature-256': signature,
      },
      body,
    });
    return { status: response.status, requests: github.requests.slice(before) };
  }

  const pr = (head: string) => {
    const payload = pullRequestOpened({ head });
    payload.pull_request.base.ref = 'master';
    return payload;
  };

  it('answers GET /health', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    expect([response.status, await response.json()]).toEqual([
      200,
      { status: 'ok', check: 'Readiness Gate' },
    ]);
  });

  it('rejects a webhook with a bad signature', async () => {
    const { status, requests } = await send('pull_request', pr(HEAD_1), {
      signature: 'sha256=deadbeef',
    });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(requests).toEqual([]);
  });

  it('PR opened with a dev key and an open Phase 1 item: failure, annotation on the line, one comment', async () => {
    const { status, requests } = await send('pull_request', pr(HEAD_1), { id: 'opened-1' });
    expect(status).toBe(200);
    const complete = requests.find(
      (r) => r.method === 'PATCH' && /check-runs/.test(r.path) && r.body.status === 'completed',
    );
    expect(complete?.body).toMatchObject({
      conclusion: 'failure',
      output: { annotations: [expect.objectContaining({ path: 'src/pay.ts', start_line: 2 })] },
    });
    expect(state.comments.filter((c) => c.body.includes('readiness-gate:sticky'))).toHaveLength(1);
    expect(JSON.stringify(github.requests)).not.toContain('HxAbCdEfGhIjKl');
    // Requests per event, reported in the README.
    console.log(`requests for pull_request.opened: ${requests.length}`);
    expect(requests.length).toBeLessThanOrEqual(14);
  });

  it('the same delivery twice still leaves one comment', async () => {
    await send('pull_request', pr(HEAD_1), { id: 'opened-1' });
    expect(state.comments.filter((c) => c.body.includes('readiness-gate:sticky'))).toHaveLength(1);
    expect(github.checkRunsFor(HEAD_1)).toBe(1);
  });

  it('a fix pushed: success, and the same comment edited', async () => {
    state.head = HEAD_2;
    state.files = [
      {
        filename: 'src/pay.ts',
        status: 'modified',
        patch: '@@ -1,1 +1,2 @@\n const a = 1;\n+const key = process.env.KEY;',
      },
    ];
    state.tree['ACTION_PLAN.md'] = '# Plan\n\n## Phase 1\n- [x] Ship\n- [x] Rotate keys\n';
    const payload = { ...pr(HEAD_2), action: 'synchronize' };
    const { requests } = await send('pull_request', payload);
    expect(
      requests.find(
        (r) => r.method === 'PATCH' && /check-runs/.test(r.path) && r.body.status === 'completed',
      )?.body,
    ).toMatchObject({ conclusion: 'success' });
    expect(
      requests.filter((r) => r.method === 'PATCH' && /issues\/comments/.test(r.path)),
    ).toHaveLength(1);
    expect(
      requests.filter((r) => r.method === 'POST' && /issues\/2\/comments$/.test(r.path)),
    ).toEqual([]);
    expect(state.comments.filter((c) => c.body.includes('readiness-gate:sticky'))).toHaveLength(1);
  });

  it('a waiver from a read-only user is refused', async () => {
    state.head = HEAD_3;
    state.files = [
      {
        filename: 'src/pay.ts',
        status: 'modified',
        patch: `@@ -1,1 +1,2 @@\n const a = 1;\n+${KEY_LINE}`,
      },
    ];
    await send('pull_request', { ...pr(HEAD_3), action: 'synchronize' });
    const comment = {
      id: 700,
      body: '/readiness waive dev-keys -- sandbox key',
      user: { login: 'reader', type: 'User' },
      created_at: new Date().toISOString(),
      html_url: '',
    };
    state.comments.push(comment);
    const { requests } = await send(
      'issue_comment',
      commentCreated(comment.body, comment.user, comment.id),
    );
    const reply = requests.find((r) => r.method === 'POST' && /issues\/2\/comments$/.test(r.path));
    expect(reply?.body.body).toMatch(
      /^Sorry @reader, only people with write, maintain or admin permission/,
    );
    expect(requests.some((r) => /check-runs/.test(r.path))).toBe(false);
  });

  it('a waiver from a maintainer: success with the waiver listed', async () => {
    const comment = {
      id: 701,
      body: '/readiness waive dev-keys -- sandbox key, rotated weekly',
      user: { login: 'maintainer', type: 'User' },
      created_at: new Date().toISOString(),
      html_url: '',
    };
    state.comments.push(comment);
    const { requests } = await send(
      'issue_comment',
      commentCreated(comment.body, comment.user, comment.id),
    );
    const complete = requests.find(
      (r) => r.method === 'PATCH' && /check-runs/.test(r.path) && r.body.status === 'completed',
    );
    expect(complete?.body).toMatchObject({ conclusion: 'success' });
    expect(complete?.body.output.summary).toContain('@maintainer');
    expect(complete?.body.output.summary).toContain('sandbox key, rotated weekly');
  });

  it('a PR with 250 files over three pages', async () => {
    state.files = Array.from({ length: 250 }, (_, i) => ({
      filename: `src/f${i}.ts`,
      status: 'added',
      patch: `@@ -0,0 +1 @@\n+export const f${i} = ${i};`,
    }));
    state.files[249] = {
      filename: 'src/f249.ts',
      status: 'added',
      patch: '@@ -0,0 +1 @@\n+try { go(); } catch (e) {}',
    };
    const { requests } = await send('pull_request', { ...pr(HEAD_3), action: 'synchronize' });
    const pages = requests.filter((r) => r.method === 'GET' && /pulls\/2\/files/.test(r.path));
    expect(pages).toHaveLength(3);
    const complete = requests.find(
      (r) => r.method === 'PATCH' && /check-runs/.test(r.path) && r.body.status === 'completed',
    );
    expect(complete?.body.output.annotations).toEqual([
      expect.objectContaining({ path: 'src/f249.ts', start_line: 1 }),
    ]);
  });

  it('GitHub answering 500 once and 403 rate-limited once: retried, still concluded', async () => {
    const reset = String(Math.ceil(Date.now() / 1000) + 1);
    state.failOnce.push(
      ['GET', /\/pulls\/2\/files$/, 500, {}],
      ['GET', /\/git\/trees\//, 403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }],
    );
    const { status, requests } = await send('pull_request', {
      ...pr(HEAD_3),
      action: 'synchronize',
    });
    expect(status).toBe(200);
    expect(state.failOnce).toEqual([]);
    const complete = requests.find(
      (r) => r.method === 'PATCH' && /check-runs/.test(r.path) && r.body.status === 'completed',
    );
    expect(complete?.body).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      output: { title: expect.stringContaining('blocking finding') },
    });
  }, 30_000);
});

describe('the fake GitHub', () => {
  it('rejects a request body that GitHub’s published schema rejects', async () => {
    const github = new FakeGitHub({
      owner: 'o',
      repo: 'r',
      head: 'h',
      base: 'main',
      files: [],
      tree: {},
      comments: [],
      permissions: {},
      failOnce: [],
    });
    await github.start();
    try {
      const response = await fetch(`http://127.0.0.1:${github.port}/api/v3/repos/o/r/check-runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Readiness Gate', head_sha: 'h', status: 'finished' }),
      });
      expect(response.status).toBe(422);
      expect(github.invalid).toHaveLength(1);
    } finally {
      await github.stop();
    }
  });
});
