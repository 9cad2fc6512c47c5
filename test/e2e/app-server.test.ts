import { request as httpRequest } from 'node:http';
import type { StartedServer } from '../../src/github/start-server.js';
import { FakeGitHub, type FakeState } from '../helpers/fake-github-server.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { startAppAgainstFake, type AppAgainstFake } from '../helpers/start-app-against-fake.js';
import { commentCreated, example, pullRequestOpened } from '../helpers/webhook-payloads.js';
import { parsePrometheusSamples } from '../helpers/parse-prometheus-samples.js';

const SECRET = 'e2e-webhook-secret';
const KEY_LINE = "const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';";
const PLAN_OPEN = '# Plan\n\n## Phase 1\n- [x] Ship\n- [ ] Rotate keys\n';
const PLAN_DONE = '# Plan\n\n## Phase 1\n- [x] Ship\n- [x] Rotate keys\n';
const STICKY = '<!-- readiness-gate:sticky -->';
let shas = 0;
/** A new head SHA per scenario. */
const nextSha = () => (++shas).toString(16).padStart(40, '0');
const keyFile = (name = 'src/pay.ts') => ({
  filename: name,
  status: 'modified',
  patch: `@@ -1,1 +1,2 @@\n const a = 1;\n+${KEY_LINE}`,
});
const cleanFile = (name = 'src/pay.ts') => ({
  filename: name,
  status: 'modified',
  patch: '@@ -1,1 +1,2 @@\n const a = 1;\n+const key = process.env.KEY;',
});

describe('end to end: the real HTTP server against a local fake GitHub, with faults', () => {
  let github: FakeGitHub;
  let proxy: FaultProxy;
  let app: StartedServer;
  let delivery = 0;
  const state: FakeState = {
    owner: 'Codertocat',
    repo: 'Hello-World',
    head: nextSha(),
    base: 'master',
    files: [keyFile()],
    tree: { 'ACTION_PLAN.md': PLAN_OPEN },
    comments: [],
    permissions: { reader: 'read', maintainer: 'maintain' },
    failOnce: [],
  };

  let harness: AppAgainstFake;

  beforeAll(async () => {
    harness = await startAppAgainstFake(state, { secret: SECRET, timeoutMs: 1500 });
    ({ github, proxy, app } = harness);
  }, 60_000);

  afterAll(() => harness.stop());

  afterEach(() => {
    expect(github.invalid).toEqual([]);
    expect(github.unexpected).toEqual([]);
    expect(proxy.faults).toEqual([]);
  });

  const stickies = () => state.comments.filter((comment) => comment.body.startsWith(STICKY));
  const settle = () => app.queue.idle();

  async function send(
    name: string,
    payload: object,
    options: { id?: string; signature?: string } = {},
  ) {
    return harness.post(name, payload, {
      id: options.id ?? `delivery-${++delivery}`,
      ...(options.signature ? { signature: options.signature } : {}),
    });
  }

  /** A push to the PR: the fake serves `head` from now on. */
  const push = (head: string, files = state.files) => {
    state.head = head;
    state.files = files;
    const payload = pullRequestOpened({ head });
    payload.action = 'synchronize';
    payload.pull_request.base.ref = 'master';
    payload.pull_request.changed_files = files.length;
    return payload;
  };
  const comment = (body: string, login: string, id: number) => {
    const payload = commentCreated(body, { login }, id);
    state.comments.push({
      id,
      body,
      user: { login, type: 'User' },
      created_at: new Date().toISOString(),
      html_url: '',
    });
    return payload;
  };
  const completed = (sha: string) =>
    proxy.runsFor(sha).every((run) => run.status === 'completed' && run.conclusion !== null);

  it('answers GET /health', async () => {
    const response = await fetch(`http://127.0.0.1:${app.port}/health`);
    expect([response.status, await response.json()]).toEqual([
      200,
      { status: 'ok', check: 'Readiness Gate' },
    ]);
  });

  it('rejects a bad signature, malformed JSON and a malformed payload with 400, and an oversized body with 413 before reading it', async () => {
    const before = proxy.log.length;
    expect(await send('pull_request', push(state.head), { signature: 'sha256=deadbeef' })).toBe(
      400,
    );
    const bad = 'not json';
    const signed = harness.sign(bad);
    const malformed = await fetch(`http://127.0.0.1:${app.port}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': 'bad-json',
        'x-hub-signature-256': signed,
      },
      body: bad,
    });
    expect(malformed.status).toBe(400);
    expect(await send('pull_request', { action: 'opened', installation: { id: 1 } })).toBe(400);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: app.port,
          method: 'POST',
          path: '/api/github/webhooks',
          headers: {
            'content-type': 'application/json',
            'content-length': String(26 * 1024 * 1024),
          },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.write('{"action":');
    });
    expect(status).toBe(413);
    await settle();
    expect(proxy.log.slice(before)).toEqual([]);
  });

  it('acknowledges first, then works: a PR with a dev key fails, annotated, with one sticky comment', async () => {
    const head = nextSha();
    proxy.latencyMs = 100;
    const from = proxy.log.length;
    expect(await send('pull_request', push(head, [keyFile()]), { id: 'opened-1' })).toBe(200);
    // The answer came before the evaluation could write anything: the handler only enqueued.
    expect(proxy.since(from).filter((entry) => entry.method !== 'GET')).toEqual([]);
    await settle();
    proxy.latencyMs = 0;
    const [run] = proxy.runsFor(head);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure', annotations: 1 });
    expect(stickies()).toHaveLength(1);
    expect(JSON.stringify(proxy.log)).not.toContain('HxAbCdEfGhIjKl');
  });

  it('GET /metrics follows what happened: events, evaluations by conclusion, GitHub requests, queue depth', async () => {
    const scrape = async () => {
      const response = await fetch(`http://127.0.0.1:${app.port}/metrics`);
      expect(response.status).toBe(200);
      return parsePrometheusSamples(await response.text());
    };
    const before = await scrape();
    const from = proxy.log.length;
    await send('pull_request', push(nextSha(), [keyFile()]));
    const group = example('merge_group', 'checks_requested');
    const groupSha = nextSha();
    group.installation = { id: 4242, node_id: 'x' };
    group.repository = pullRequestOpened().repository;
    group.merge_group.head_sha = groupSha;
    group.merge_group.head_ref = `refs/heads/gh-readonly-queue/master/pr-2-${groupSha}`;
    await send('merge_group', group);
    await settle();
    const after = await scrape();
    const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    const deltaOf = (prefix: string) =>
      [...after.keys()]
        .filter((name) => name.startsWith(prefix))
        .reduce((sum, name) => sum + delta(name), 0);
    expect(delta('readiness_gate_events_received_total{event="pull_request"}')).toBe(1);
    expect(delta('readiness_gate_events_received_total{event="merge_group"}')).toBe(1);
    expect(
      delta('readiness_gate_evaluations_total{kind="pull_request",conclusion="failure"}'),
    ).toBe(1);
    expect(delta('readiness_gate_evaluations_total{kind="merge_group",conclusion="failure"}')).toBe(
      1,
    );
    expect(deltaOf('readiness_gate_evaluations_total{')).toBe(2);
    expect(delta('readiness_gate_evaluation_duration_seconds_count{kind="pull_request"}')).toBe(1);
    // Every answer GitHub gave the two evaluations is counted, by status.
    const requests = proxy.since(from);
    expect(deltaOf('readiness_gate_github_requests_total{')).toBe(requests.length);
    expect(delta('readiness_gate_github_requests_total{status="201"}')).toBe(
      requests.filter((entry) => entry.status === 201).length,
    );
    expect(after.get('readiness_gate_queue_depth')).toBe(0);
  });

  it('the same delivery twice, 10 ms apart: one run, one comment', async () => {
    const head = nextSha();
    const payload = push(head, [keyFile()]);
    const first = send('pull_request', payload, { id: 'dup-1' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.all([first, send('pull_request', payload, { id: 'dup-1' })]);
    await settle();
    expect(proxy.runsFor(head)).toHaveLength(1);
    expect(completed(head)).toBe(true);
    expect(stickies()).toHaveLength(1);
  });

  it('a 20-file PR: at most 8 requests and 4 sequential round trips after the token', async () => {
    const head = nextSha();
    const files = Array.from({ length: 20 }, (_, i) => ({
      filename: `src/m${i}.ts`,
      status: 'added',
      patch: `@@ -0,0 +1 @@\n+export const m${i} = ${i};`,
    }));
    proxy.latencyMs = 30;
    const from = proxy.log.length;
    await send('pull_request', push(head, files));
    await settle();
    proxy.latencyMs = 0;
    const requests = proxy.since(from);
    const trips = FaultProxy.roundTrips(requests);
    console.log(
      `20-file PR: ${requests.length} requests, ${trips} sequential round trips: ${requests.map((r) => `${r.method} ${r.path.replace(/^\/repos\/[^/]+\/[^/]+/, '')}`).join(', ')}`,
    );
    expect(requests.length).toBeLessThanOrEqual(8);
    expect(trips).toBeLessThanOrEqual(4);
    expect(proxy.runsFor(head)).toEqual([expect.objectContaining({ status: 'completed' })]);
  });

  it('20 concurrent /readiness on a new PR: the runs all concluded, one sticky comment', async () => {
    state.comments = [];
    const head = nextSha();
    push(head, [keyFile()]);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        send('issue_comment', comment('/readiness', 'maintainer', 2000 + i)),
      ),
    );
    await settle();
    expect(proxy.runsFor(head).length).toBeGreaterThanOrEqual(1);
    expect(proxy.runsFor(head).length).toBeLessThanOrEqual(2);
    expect(completed(head)).toBe(true);
    expect(stickies()).toHaveLength(1);
  });

  it('a waiver and 19 re-checks: one acknowledgement, each run annotated once', async () => {
    const head = nextSha();
    state.tree['ACTION_PLAN.md'] = PLAN_DONE;
    await send('pull_request', push(head, [keyFile()]));
    await settle();
    await send(
      'issue_comment',
      comment('/readiness waive dev-keys -- sandbox key, rotated weekly', 'maintainer', 3000),
    );
    await settle();
    const recheck = example('check_run', 'requested_action');
    recheck.installation = { id: 4242, node_id: 'x' };
    recheck.repository = pullRequestOpened().repository;
    recheck.check_run.name = 'Readiness Gate';
    recheck.check_run.pull_requests = [{ number: 2 }];
    recheck.requested_action = { identifier: 'recheck' };
    await Promise.all(Array.from({ length: 19 }, () => send('check_run', recheck)));
    await settle();
    const acks = state.comments.filter((c) => c.body.includes('readiness-gate:waiver'));
    expect(acks).toHaveLength(1);
    const runs = proxy.runsFor(head);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.every((run) => run.annotations === 1 && run.status === 'completed')).toBe(true);
    expect(runs.at(-1)?.conclusion).toBe('success');
    expect(stickies()).toHaveLength(1);
  });

  it('a cut-off POST /check-runs: the run is found by its external id, one run, concluded', async () => {
    state.comments = [];
    const head = nextSha();
    proxy.faults.push({ method: 'POST', path: /\/check-runs$/, kind: 'cut-after' });
    await send('pull_request', push(head, [keyFile()]));
    await settle();
    expect(proxy.runsFor(head)).toEqual([
      expect.objectContaining({ status: 'completed', conclusion: 'failure' }),
    ]);
    expect(stickies()).toHaveLength(1);
  });

  it('a cut-off files page with a planted token never concludes success', async () => {
    const head = nextSha();
    const files = [
      cleanFile('src/a.ts'),
      ...Array.from({ length: 30 }, (_, i) => cleanFile(`src/pad${i}.ts`)),
      keyFile('src/z.ts'),
    ];
    proxy.faults.push({ method: 'GET', path: /\/compare\//, kind: 'truncate' });
    state.tree['ACTION_PLAN.md'] = PLAN_DONE;
    await send('pull_request', push(head, files));
    await settle();
    const runs = proxy.runsFor(head);
    expect(runs.length).toBe(1);
    expect(runs[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  it('a comment failing after the conclusion leaves the conclusion as it was', async () => {
    state.comments = [];
    const head = nextSha();
    state.tree['ACTION_PLAN.md'] = PLAN_DONE;
    proxy.faults.push({
      method: 'POST',
      path: /\/issues\/2\/comments$/,
      kind: 'status',
      status: 422,
    });
    await send('pull_request', push(head, [cleanFile()]));
    await settle();
    expect(proxy.runsFor(head)).toEqual([
      expect.objectContaining({ status: 'completed', conclusion: 'success' }),
    ]);
    expect(stickies()).toHaveLength(0);
    await send('issue_comment', comment('/readiness', 'maintainer', 4000));
    await settle();
    expect(proxy.runsFor(head).map((run) => run.conclusion)).toEqual(['success', 'success']);
    expect(stickies()).toHaveLength(1);
  });

  it('an ambiguous 502 on the comment POST: comments read again, one sticky comment', async () => {
    state.comments = [];
    const head = nextSha();
    proxy.faults.push({
      method: 'POST',
      path: /\/issues\/2\/comments$/,
      kind: 'status',
      status: 502,
      forward: true,
    });
    await send('pull_request', push(head, [keyFile()]));
    await settle();
    expect(completed(head)).toBe(true);
    expect(stickies()).toHaveLength(1);
  });

  it('10 hung requests time out and are retried; every event concludes', async () => {
    const heads = Array.from({ length: 10 }, () => nextSha());
    proxy.faults.push({ method: 'GET', path: /\/git\/trees\//, kind: 'hang', times: 10 });
    const groups = heads.map((sha) => {
      const payload = example('merge_group', 'checks_requested');
      payload.installation = { id: 4242, node_id: 'x' };
      payload.repository = pullRequestOpened().repository;
      payload.merge_group.head_sha = sha;
      payload.merge_group.head_ref = `refs/heads/gh-readonly-queue/master/pr-2-${sha}`;
      return payload;
    });
    const head = nextSha();
    await Promise.all([
      ...groups.map((payload) => send('merge_group', payload)),
      send('pull_request', push(head, [keyFile()])),
    ]);
    await settle();
    for (const sha of [...heads, head]) {
      expect(proxy.runsFor(sha)).toHaveLength(1);
      expect(completed(sha)).toBe(true);
    }
    expect(stickies()).toHaveLength(1);
  }, 30_000);

  it('a secondary rate limit is retried after retry-after', async () => {
    const head = nextSha();
    proxy.faults.push({
      method: 'POST',
      path: /\/check-runs$/,
      kind: 'status',
      status: 403,
      headers: { 'retry-after': '1' },
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    });
    await send('pull_request', push(head, [keyFile()]));
    await settle();
    expect(proxy.runsFor(head)).toEqual([
      expect.objectContaining({ status: 'completed', conclusion: 'failure' }),
    ]);
    expect(stickies()).toHaveLength(1);
  }, 20_000);

  it('a server error once and a primary rate limit once: retried, concluded', async () => {
    const head = nextSha();
    const reset = String(Math.ceil(Date.now() / 1000) + 1);
    state.failOnce.push(
      ['GET', /\/git\/trees\//, 500, {}],
      [
        'GET',
        /\/issues\/2\/comments$/,
        403,
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
      ],
    );
    await send('pull_request', push(head, [keyFile()]));
    await settle();
    expect(state.failOnce).toEqual([]);
    expect(proxy.runsFor(head)).toEqual([
      expect.objectContaining({ status: 'completed', conclusion: 'failure' }),
    ]);
  }, 20_000);
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
