import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { Probot } from 'probot';
import { createApp } from '../../src/app.js';
import { createAppOctokit } from '../../src/github/create-app-octokit.js';
import { createInProcessQueue, type EvaluationQueue } from '../../src/github/queue/index.js';
import { mockGitHub, writes, type FakeRepo, type RecordedRequest } from '../helpers/mock-github.js';
import { commentCreated, example, HEAD, pullRequestOpened } from '../helpers/webhook-payloads.js';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

const PLAN_OPEN = '# Plan\n\n## Phase 1\n- [x] Ship\n- [ ] Rotate keys\n';
const PLAN_DONE = '# Plan\n\n## Phase 1\n- [x] Ship\n- [x] Rotate keys\n';
const KEY_PATCH = "@@ -1,1 +1,2 @@\n const a = 1;\n+const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';";
const BOT = { login: 'readiness-gate[bot]', type: 'Bot' };

function repoWith(overrides: Partial<FakeRepo> = {}): FakeRepo {
  return {
    files: [{ filename: 'src/pay.ts', status: 'modified', patch: KEY_PATCH }],
    tree: {
      'ACTION_PLAN.md': PLAN_OPEN,
      'src/pay.ts': "const a = 1;\nconst key = 'sk_live_51HxAbCdEfGhIjKlMnOp';\n",
    },
    ...overrides,
  };
}

interface Fixture {
  probot: Probot;
  queue: EvaluationQueue;
  /** Delivers a webhook and waits until the evaluations it queued are done. */
  receive(id: string, name: string, payload: object): Promise<void>;
}

/** A fresh App per test on an in-process queue, with the network closed except for nock. */
function useProbot(appOptions: { slowMs?: number } = {}): Fixture {
  const holder = {} as Fixture;
  beforeEach(async () => {
    nock.disableNetConnect();
    holder.queue = createInProcessQueue({ concurrency: 64 });
    holder.probot = new Probot({
      appId: 123,
      privateKey,
      Octokit: createAppOctokit({ writeMinTime: 0, notificationMinTime: 0 }).defaults({
        retry: { enabled: false },
      }),
      logLevel: 'fatal',
    });
    await holder.probot.load(createApp({ queue: holder.queue, sweepMs: 0, ...appOptions }), {
      cwd: process.cwd(),
      addHandler: () => {},
    });
    holder.receive = async (id, name, payload) => {
      await holder.probot.receive({ id, name, payload } as never);
      await holder.queue.idle();
    };
  });
  afterEach(async () => {
    await holder.queue.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });
  return holder;
}

/** The write that concluded the run: a POST created completed, or the PATCH that completed it. */
function conclusion(recorded: RecordedRequest[]): any {
  if (process.env.DEBUG_SUMMARY)
    console.log(
      JSON.stringify(
        recorded.map((r) => [r.method, r.path, r.body?.output?.summary?.slice(0, 600)]),
      ),
    );
  return recorded.find(
    (request) => /check-runs(\/\d+)?$/.test(request.path) && request.body.status === 'completed',
  )?.body;
}
const comments = (recorded: RecordedRequest[]) =>
  writes(recorded, 'POST', /issues\/2\/comments$/).map((request) => request.body.body as string);

describe('the GitHub App under a middleware adapter', () => {
  it('loads without a server of its own (no /health, no "No server instance")', async () => {
    const probot = new Probot({ appId: 123, privateKey, logLevel: 'fatal' });
    const queue = createInProcessQueue({ concurrency: 64 });
    await expect(probot.load(createApp({ queue, sweepMs: 0 }))).resolves.toBeUndefined();
    await queue.close();
  });
});

describe('the GitHub App: pull requests', () => {
  const fixture = useProbot();

  it('fails a PR with a dev key and an open Phase 1 item in two writes: a completed run and one comment', async () => {
    const recorded = mockGitHub(repoWith());
    await fixture.receive('d1', 'pull_request', pullRequestOpened());
    const [create] = writes(recorded, 'POST', /check-runs$/);
    expect(create?.body).toMatchObject({
      name: 'Readiness Gate',
      head_sha: HEAD,
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'Phase 1: 1/2 done · 1 blocking finding' },
    });
    expect(create?.body.output.annotations).toEqual([
      expect.objectContaining({
        path: 'src/pay.ts',
        start_line: 2,
        end_line: 2,
        annotation_level: 'failure',
        title: 'dev-keys',
      }),
    ]);
    expect(create?.body.output.summary).toContain('not a required check on this branch');
    expect(comments(recorded)).toHaveLength(1);
    expect(comments(recorded)[0]).toMatch(/^<!-- readiness-gate:sticky -->/);
    expect(recorded.map((request) => request.method)).toEqual(['POST', 'POST']);
    expect(JSON.stringify(recorded)).not.toContain('HxAbCdEfGhIjKlMnOp');
  });

  it('passes once fixed and edits its own comment, only when it changed', async () => {
    const sticky = { id: 77, body: '<!-- readiness-gate:sticky -->\nold', user: BOT };
    const fixed = repoWith({
      files: [
        {
          filename: 'src/pay.ts',
          status: 'modified',
          patch: '@@ -1 +1,2 @@\n const a = 1;\n+const key = process.env.KEY;',
        },
      ],
      tree: { 'ACTION_PLAN.md': PLAN_DONE },
      comments: [sticky],
      required: true,
    });
    const recorded = mockGitHub(fixed);
    await fixture.receive('d2', 'pull_request', pullRequestOpened());
    expect(conclusion(recorded)).toMatchObject({ conclusion: 'success' });
    expect(comments(recorded)).toEqual([]);
    const [edit] = writes(recorded, 'PATCH', /issues\/comments\/77$/);
    expect(edit?.body.body).toContain('✅');

    nock.cleanAll();
    sticky.body = edit?.body.body;
    const again = mockGitHub(fixed);
    await fixture.receive('d3', 'pull_request', pullRequestOpened());
    // An evaluation whose comment did not change writes once: the completed run.
    expect(again).toHaveLength(1);
    expect(conclusion(again)).toMatchObject({ conclusion: 'success' });
  });

  it('never edits a sticky-looking comment of another bot: it writes its own', async () => {
    const forged = {
      id: 78,
      body: '<!-- readiness-gate:sticky -->\n✅ all good',
      user: { login: 'evil[bot]', type: 'Bot' },
    };
    const recorded = mockGitHub(repoWith({ comments: [forged] }));
    await fixture.receive('d2b', 'pull_request', pullRequestOpened());
    expect(writes(recorded, 'PATCH', /issues\/comments/)).toEqual([]);
    expect(comments(recorded)).toHaveLength(1);
  });

  it('runs the check on drafts but posts no comment', async () => {
    const recorded = mockGitHub(repoWith());
    await fixture.receive('d4', 'pull_request', pullRequestOpened({ draft: true }));
    expect(writes(recorded, 'POST', /check-runs$/)).toHaveLength(1);
    expect(comments(recorded)).toEqual([]);
  });

  it('fails closed when the changed files cannot be read: failure saying what to re-run', async () => {
    const recorded = mockGitHub(
      repoWith({ failFiles: 500, tree: { 'ACTION_PLAN.md': PLAN_DONE } }),
    );
    await fixture.receive('d5', 'pull_request', pullRequestOpened());
    const done = conclusion(recorded);
    expect(done).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(done.output.summary).toContain('Could not read the changed files');
    expect(done.output.summary).toContain('/readiness');
  });

  it('fails closed when a checklist listed in the tree cannot be read', async () => {
    const recorded = mockGitHub(repoWith({ files: [], tree: { 'ACTION_PLAN.md': PLAN_DONE } }));
    nock.removeInterceptor({ hostname: 'api.github.com', path: /ACTION_PLAN/ } as never);
    nock('https://api.github.com')
      .get(/\/contents\/ACTION_PLAN\.md/)
      .query(true)
      .reply(500, { message: 'boom' });
    await fixture.receive('d5b', 'pull_request', pullRequestOpened());
    expect(conclusion(recorded)).toMatchObject({ conclusion: 'failure' });
  });

  it('fails closed when GitHub truncated the tree listing (a checklist may be missing)', async () => {
    const recorded = mockGitHub(
      repoWith({ files: [], tree: { 'ACTION_PLAN.md': PLAN_DONE }, truncatedTree: true }),
    );
    const payload = pullRequestOpened();
    payload.pull_request.changed_files = 0;
    await fixture.receive('d5c', 'pull_request', payload);
    const done = conclusion(recorded);
    expect(done.conclusion).toBe('failure');
    expect(done.output.summary).toContain('Could not read the whole tree at head');
  });

  it('sends annotations once, in batches of at most 50', async () => {
    const lines = Array.from({ length: 120 }, (_, i) => `+try { f${i}(); } catch (e) {}`);
    const recorded = mockGitHub(
      repoWith({
        files: [
          {
            filename: 'src/many.ts',
            status: 'added',
            patch: `@@ -0,0 +1,120 @@\n${lines.join('\n')}`,
          },
        ],
      }),
    );
    await fixture.receive('d6', 'pull_request', pullRequestOpened());
    const batches = recorded
      .filter((request) => /check-runs(\/1)?$/.test(request.path))
      .map((request) => request.body.output.annotations.length);
    expect(batches).toEqual([50, 50, 20]);
  });

  it('after an ambiguous 502 on the comment POST, reads the comments again instead of posting twice', async () => {
    const recorded = mockGitHub(repoWith({ ambiguousOnce: ['comment'] }));
    await fixture.receive('d7', 'pull_request', pullRequestOpened());
    expect(comments(recorded)).toHaveLength(1);
    expect(conclusion(recorded)).toMatchObject({ conclusion: 'failure' });
  });

  it('after a lost check-run response, finds the run by its external id instead of creating another', async () => {
    const recorded = mockGitHub(repoWith({ ambiguousOnce: ['check-run'] }));
    await fixture.receive('d8', 'pull_request', pullRequestOpened());
    expect(writes(recorded, 'POST', /check-runs$/)).toHaveLength(1);
    expect(comments(recorded)).toHaveLength(1);
  });

  it('a comment write failing after the conclusion does not change the conclusion', async () => {
    const recorded = mockGitHub(
      repoWith({ tree: { 'ACTION_PLAN.md': PLAN_DONE }, files: [], failComments: 422 }),
    );
    const payload = pullRequestOpened();
    payload.pull_request.changed_files = 0;
    await fixture.receive('d9', 'pull_request', payload);
    expect(comments(recorded)).toHaveLength(1);
    expect(writes(recorded, 'POST', /check-runs$/).map((r) => r.body.conclusion)).toEqual([
      'success',
    ]);
    expect(writes(recorded, 'PATCH', /check-runs/)).toEqual([]);
  });
});

describe('the GitHub App: SHAs', () => {
  const fixture = useProbot();

  it('reads the change by base…head SHA compare of the event, not the PR’s current files', async () => {
    const payload = pullRequestOpened();
    const basehead = `${payload.pull_request.base.sha}...${HEAD}`;
    const scope = nock('https://api.github.com')
      .get(`/repos/Codertocat/Hello-World/compare/${basehead}`)
      .query(true)
      .reply(200, { files: [{ filename: 'src/pay.ts', status: 'modified', patch: KEY_PATCH }] });
    const recorded = mockGitHub(repoWith({ files: [] }));
    await fixture.receive('h1', 'pull_request', payload);
    expect(scope.isDone()).toBe(true);
    expect(conclusion(recorded).output.annotations).toEqual([
      expect.objectContaining({ title: 'dev-keys', path: 'src/pay.ts' }),
    ]);
  });

  it('discards an evaluation superseded by a newer push while it ran', async () => {
    const older = pullRequestOpened();
    const newer = pullRequestOpened({ head: 'f'.repeat(40) });
    newer.action = 'synchronize';
    // The older evaluation's comparison answers late: the newer push arrives meanwhile.
    nock('https://api.github.com')
      .get(`/repos/Codertocat/Hello-World/compare/${older.pull_request.base.sha}...${HEAD}`)
      .query(true)
      .delay(300)
      .reply(200, { files: [] });
    const recorded = mockGitHub(repoWith());
    await fixture.probot.receive({ id: 'h2', name: 'pull_request', payload: older } as never);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await fixture.receive('h3', 'pull_request', newer);
    expect(writes(recorded, 'POST', /check-runs$/).map((r) => r.body.head_sha)).toEqual([
      'f'.repeat(40),
    ]);
  });
});

describe('the GitHub App: a slow evaluation', () => {
  const fixture = useProbot({ slowMs: 0 });

  it('shows an in_progress run first, then completes that same run', async () => {
    const recorded = mockGitHub(repoWith());
    await fixture.receive('s1', 'pull_request', pullRequestOpened());
    expect(writes(recorded, 'POST', /check-runs$/).map((r) => r.body.status)).toEqual([
      'in_progress',
    ]);
    expect(writes(recorded, 'PATCH', /check-runs\/1$/).map((r) => r.body.status)).toEqual([
      'completed',
    ]);
  });
});

describe('the GitHub App: slash commands', () => {
  const fixture = useProbot();

  it('refuses a waiver from a read-only user with one polite reply', async () => {
    const recorded = mockGitHub(repoWith({ permissions: { reader: 'read' } }));
    await fixture.receive(
      'c1',
      'issue_comment',
      commentCreated('/readiness waive dev-keys -- test key\n/readiness waive empty-catch -- x', {
        login: 'reader',
      }),
    );
    expect(writes(recorded, 'POST', /reactions$/)[0]?.body).toEqual({ content: 'eyes' });
    expect(comments(recorded)).toEqual([
      '@reader Sorry, only people with write, maintain or admin permission on this repository can waive findings. Please ask a maintainer.',
    ]);
    expect(writes(recorded, 'POST', /check-runs$/)).toEqual([]);
  });

  it('accepts a waiver from a writer: acknowledged once, listed, and the finding no longer blocks', async () => {
    const waive = {
      id: 321,
      body: '/readiness waive dev-keys src/pay.ts -- test account key',
      user: { login: 'maintainer', type: 'User' },
    };
    const recorded = mockGitHub(
      repoWith({
        tree: { 'ACTION_PLAN.md': PLAN_DONE },
        permissions: { maintainer: 'write' },
        comments: [waive],
      }),
    );
    await fixture.receive('c2', 'issue_comment', commentCreated(waive.body, waive.user, waive.id));
    const done = conclusion(recorded);
    expect(done).toMatchObject({ conclusion: 'success' });
    expect(done.output.summary).toContain('| `dev-keys` | `src/pay.ts` | @maintainer |');
    const posted = comments(recorded);
    expect(posted).toHaveLength(2);
    const ack = posted.find((body) => body.startsWith('✅ Waived'));
    expect(ack).toMatch(
      /^✅ Waived `dev-keys` in src\/pay.ts for 1 finding — “test account key” \(by @\u200bmaintainer\)/,
    );
    expect(posted.some((body) => body.startsWith('<!-- readiness-gate:sticky -->'))).toBe(true);

    // A re-check reads the acknowledgement back: no second one.
    const before = recorded.length;
    await fixture.receive(
      'c2b',
      'issue_comment',
      commentCreated('/readiness', { login: 'maintainer' }, 400),
    );
    expect(comments(recorded.slice(before)).filter((body) => body.startsWith('✅ Waived'))).toEqual(
      [],
    );
  });

  it('refuses a self-waiver by the PR author unless waivers.allowAuthor', async () => {
    const waive = {
      id: 330,
      body: '/readiness waive dev-keys -- mine',
      user: { login: 'Codertocat', type: 'User' },
    };
    const recorded = mockGitHub(
      repoWith({
        tree: { 'ACTION_PLAN.md': PLAN_DONE },
        permissions: { Codertocat: 'admin' },
        comments: [waive],
      }),
    );
    await fixture.receive('c5', 'issue_comment', commentCreated(waive.body, waive.user, waive.id));
    expect(comments(recorded)).toEqual([
      expect.stringMatching(
        /^@Codertocat You opened this pull request, so you can't waive `dev-keys`/,
      ),
    ]);
    await fixture.receive('c5b', 'pull_request', pullRequestOpened());
    expect(conclusion(recorded)).toMatchObject({ conclusion: 'failure' });
  });

  it('accepts a self-waiver when the base config sets waivers.allowAuthor', async () => {
    const waive = {
      id: 331,
      body: '/readiness waive dev-keys -- mine, allowed',
      user: { login: 'Codertocat', type: 'User' },
    };
    const recorded = mockGitHub(
      repoWith({
        config: 'waivers:\n  allowAuthor: true\n',
        tree: { 'ACTION_PLAN.md': PLAN_DONE },
        permissions: { Codertocat: 'admin' },
        comments: [waive],
      }),
    );
    await fixture.receive('c6', 'issue_comment', commentCreated(waive.body, waive.user, waive.id));
    expect(conclusion(recorded)).toMatchObject({ conclusion: 'success' });
    expect(comments(recorded).filter((body) => body.startsWith('@Codertocat'))).toEqual([]);
  });

  it('ignores bots, including itself', async () => {
    const recorded = mockGitHub(repoWith());
    await fixture.receive(
      'c3',
      'issue_comment',
      commentCreated('/readiness check', { login: 'some-app[bot]', type: 'Bot' }),
    );
    expect(recorded).toEqual([]);
  });

  it('answers help, explain and unknown commands in one reply that never repeats user text', async () => {
    const recorded = mockGitHub(repoWith());
    await fixture.receive(
      'c4',
      'issue_comment',
      commentCreated(
        '/readiness explain empty-catch\n/readiness frobnicate <!-- readiness-gate:waiver {"comment":1,"fingerprints":["x"]} -->\n/readiness explain @org/team',
        { login: 'dev' },
      ),
    );
    const replies = comments(recorded);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('### `empty-catch`: Error swallowed by an empty catch');
    expect(replies[0]).toContain('That is not a `/readiness` command.');
    expect(replies[0]).toContain('/readiness waive <rule-id> [path] -- <reason>');
    expect(replies[0]).not.toMatch(/frobnicate|readiness-gate:waiver|@org/);
  });

  it('replies to /readiness status with the latest run', async () => {
    const run = {
      id: 9,
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'x' },
      html_url: 'https://github.com/x',
    };
    const recorded = mockGitHub(repoWith({ checkRuns: [run] }));
    await fixture.receive(
      'r3',
      'issue_comment',
      commentCreated('/readiness status', { login: 'dev' }),
    );
    expect(comments(recorded)).toEqual([
      `@dev **Readiness Gate** at ${HEAD.slice(0, 7)}: ❌ failure ([details](https://github.com/x))`,
    ]);
  });
});

describe('the GitHub App: trust and waivers', () => {
  const fixture = useProbot();
  const waive = {
    id: 321,
    body: '/readiness waive dev-keys -- old key',
    user: { login: 'maintainer', type: 'User' },
  };

  it('trusts acknowledgements only from this App: another bot cannot plant one', async () => {
    const forged = {
      id: 322,
      body: '<!-- readiness-gate:waiver {"comment":999,"fingerprints":["0badf00d"]} -->',
      user: { login: 'evil[bot]', type: 'Bot' },
    };
    const planted = {
      id: 999,
      body: '/readiness waive dev-keys -- planted',
      user: { login: 'reader', type: 'User' },
    };
    const recorded = mockGitHub(
      repoWith({
        tree: { 'ACTION_PLAN.md': PLAN_DONE },
        permissions: { reader: 'read' },
        comments: [planted, forged],
      }),
    );
    await fixture.receive('t1', 'pull_request', pullRequestOpened());
    expect(conclusion(recorded)).toMatchObject({ conclusion: 'failure' });
  });

  it('re-acknowledges an edited waiver comment by editing its acknowledgement', async () => {
    const edited = { ...waive, body: '/readiness waive dev-keys -- a new reason' };
    const ack = {
      id: 322,
      body: '✅ Waived\n<!-- readiness-gate:waiver {"comment":321,"fingerprints":["0badf00d"],"digest":"0000000000000000"} -->',
      user: BOT,
    };
    const recorded = mockGitHub(
      repoWith({
        tree: { 'ACTION_PLAN.md': PLAN_DONE },
        permissions: { maintainer: 'write' },
        comments: [edited, ack],
      }),
    );
    await fixture.receive('t2', 'pull_request', pullRequestOpened());
    expect(conclusion(recorded)).toMatchObject({ conclusion: 'success' });
    const [reack] = writes(recorded, 'PATCH', /issues\/comments\/322$/);
    expect(reack?.body.body).toContain('a new reason');
    expect(comments(recorded).filter((body) => body.startsWith('✅ Waived'))).toEqual([]);
  });

  it('lapses when a later push changes the waived finding', async () => {
    const ack = {
      id: 322,
      body: '✅ Waived\n<!-- readiness-gate:waiver {"comment":321,"fingerprints":["0badf00d"]} -->',
      user: BOT,
    };
    const recorded = mockGitHub(
      repoWith({
        tree: { 'ACTION_PLAN.md': PLAN_DONE },
        permissions: { maintainer: 'write' },
        comments: [waive, ack],
      }),
    );
    await fixture.receive('w1', 'pull_request', pullRequestOpened());
    const done = conclusion(recorded);
    expect(done.conclusion).toBe('failure');
    expect(done.output.annotations[0]).toMatchObject({
      title: 'dev-keys',
      annotation_level: 'failure',
    });
    expect(comments(recorded).some((body) => /Waived/.test(body))).toBe(false);
  });

  it('lapses when the waiver author no longer has write permission', async () => {
    const former = { ...waive, user: { login: 'former', type: 'User' } };
    const recorded = mockGitHub(
      repoWith({
        tree: { 'ACTION_PLAN.md': PLAN_DONE },
        permissions: { former: 'read' },
        comments: [former],
      }),
    );
    await fixture.receive('w2', 'pull_request', pullRequestOpened());
    expect(conclusion(recorded).conclusion).toBe('failure');
  });

  it('lapses after /readiness unwaive', async () => {
    const unwaive = {
      id: 323,
      body: '/readiness unwaive dev-keys',
      user: { login: 'maintainer', type: 'User' },
    };
    const recorded = mockGitHub(
      repoWith({
        tree: { 'ACTION_PLAN.md': PLAN_DONE },
        permissions: { maintainer: 'write' },
        comments: [waive, unwaive],
      }),
    );
    await fixture.receive('w3', 'pull_request', pullRequestOpened());
    expect(conclusion(recorded).conclusion).toBe('failure');
  });
});

describe('the GitHub App: config', () => {
  const fixture = useProbot();

  it('validates a changed .github/readiness.yml at head: errors are annotations that block', async () => {
    const recorded = mockGitHub(
      repoWith({
        files: [
          {
            filename: '.github/readiness.yml',
            status: 'modified',
            patch: '@@ -1 +1,2 @@\n gate:\n+  phase: soon',
          },
        ],
        tree: { 'ACTION_PLAN.md': PLAN_DONE, '.github/readiness.yml': 'gate:\n  phase: soon\n' },
      }),
    );
    await fixture.receive('e2', 'pull_request', pullRequestOpened());
    const done = conclusion(recorded);
    expect(done.conclusion).toBe('failure');
    expect(done.output.annotations).toEqual([
      expect.objectContaining({
        path: '.github/readiness.yml',
        start_line: 2,
        annotation_level: 'failure',
        message:
          'Unexpected string `s•••` (4 characters) for `gate.phase`, expected a whole number',
      }),
    ]);
  });

  it('follows _extends to the owner’s .github repository', async () => {
    const recorded = mockGitHub(
      repoWith({
        config: '_extends: .github\n',
        orgConfig: 'rules:\n  disable: [dev-keys]\n',
        tree: { 'ACTION_PLAN.md': PLAN_DONE },
      }),
    );
    await fixture.receive('e3', 'pull_request', pullRequestOpened());
    expect(conclusion(recorded)).toMatchObject({ conclusion: 'success' });
  });

  it.each([
    [
      'another owner',
      '_extends: other-org/secrets:config.yml\n',
      /same owner|configs are only shared within one owner/,
    ],
    ['a file that is not YAML', '_extends: Codertocat/app:.env\n', /`.yml` or `.yaml`/],
  ])('refuses _extends to %s, without reading it', async (_name, config, message) => {
    const recorded = mockGitHub(
      repoWith({ config, tree: { 'ACTION_PLAN.md': PLAN_DONE }, files: [] }),
    );
    await fixture.receive('e3b', 'pull_request', pullRequestOpened());
    const done = conclusion(recorded);
    expect(done.conclusion).toBe('failure');
    expect(done.output.annotations.map((a: { message: string }) => a.message).join('\n')).toMatch(
      message,
    );
  });

  it('never echoes the content of an extended file in its errors', async () => {
    const recorded = mockGitHub(
      repoWith({
        config: '_extends: infra:deploy.yml\n',
        tree: { 'ACTION_PLAN.md': PLAN_DONE },
        files: [],
      }),
    );
    nock('https://api.github.com')
      .get('/repos/Codertocat/infra/contents/deploy.yml')
      .reply(200, {
        type: 'file',
        encoding: 'base64',
        content: Buffer.from('password: hunter2-very-secret\n').toString('base64'),
      });
    await fixture.receive('e3c', 'pull_request', pullRequestOpened());
    expect(conclusion(recorded).conclusion).toBe('failure');
    expect(JSON.stringify(recorded)).not.toContain('hunter2');
  });
});

describe('the GitHub App: other events', () => {
  const fixture = useProbot();

  it('re-evaluates open PRs when the default branch changes the checklist', async () => {
    const recorded = mockGitHub(repoWith());
    const payload = example('push', null, () => true);
    payload.installation = { id: 4242, node_id: 'x' };
    payload.repository = pullRequestOpened().repository;
    payload.ref = `refs/heads/${payload.repository.default_branch}`;
    payload.commits = [{ id: 'c', added: [], removed: [], modified: ['docs/ACTION_PLAN.md'] }];
    await fixture.receive('e4', 'push', payload);
    expect(writes(recorded, 'POST', /check-runs$/)).toHaveLength(1);
  });

  it('ignores pushes that touch no gate file', async () => {
    const recorded = mockGitHub(repoWith());
    const payload = example('push', null, () => true);
    payload.installation = { id: 4242, node_id: 'x' };
    payload.repository = pullRequestOpened().repository;
    payload.ref = `refs/heads/${payload.repository.default_branch}`;
    payload.commits = [{ id: 'c', added: ['src/x.ts'], removed: [], modified: [] }];
    await fixture.receive('e5', 'push', payload);
    expect(recorded).toEqual([]);
  });

  it('re-evaluates when a waiver comment is deleted', async () => {
    const recorded = mockGitHub(repoWith());
    const payload = commentCreated('/readiness waive dev-keys -- x', { login: 'maintainer' });
    payload.action = 'deleted';
    await fixture.receive('e7', 'issue_comment', payload);
    expect(writes(recorded, 'POST', /check-runs$/)).toHaveLength(1);
  });

  it('re-evaluates on the Re-check button and on a re-requested run, not for other checks', async () => {
    const recorded = mockGitHub(repoWith());
    const payload = example('check_run', 'requested_action');
    payload.installation = { id: 4242, node_id: 'x' };
    payload.repository = pullRequestOpened().repository;
    payload.check_run.name = 'Readiness Gate';
    payload.check_run.pull_requests = [{ number: 2 }];
    payload.requested_action = { identifier: 'recheck' };
    await fixture.receive('r1', 'check_run', payload);
    expect(writes(recorded, 'POST', /check-runs$/)).toHaveLength(1);
    payload.check_run.name = 'some other check';
    await fixture.receive('r2', 'check_run', payload);
    expect(writes(recorded, 'POST', /check-runs$/)).toHaveLength(1);
  });
});

describe('the GitHub App: merge groups', () => {
  const fixture = useProbot();

  function mergeGroup(): Record<string, any> {
    const payload = example('merge_group', 'checks_requested');
    payload.installation = { id: 4242, node_id: 'x' };
    payload.repository = pullRequestOpened().repository;
    payload.merge_group.head_ref = `refs/heads/gh-readonly-queue/master/pr-2-${'c'.repeat(40)}`;
    return payload;
  }

  it('applies the waivers the App acknowledged on the PR, like the PR gate', async () => {
    const waive = {
      id: 321,
      body: '/readiness waive dev-keys -- sandbox',
      user: { login: 'maintainer', type: 'User' },
    };
    const recorded = mockGitHub(
      repoWith({
        tree: { 'ACTION_PLAN.md': PLAN_DONE },
        permissions: { maintainer: 'write' },
        comments: [waive],
      }),
    );
    await fixture.receive('m0', 'issue_comment', commentCreated(waive.body, waive.user, waive.id));
    expect(conclusion(recorded)).toMatchObject({ conclusion: 'success' });
    const payload = mergeGroup();
    const before = recorded.length;
    await fixture.receive('m1', 'merge_group', payload);
    const runs = writes(recorded.slice(before), 'POST', /check-runs$/);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.body).toMatchObject({
      head_sha: payload.merge_group.head_sha,
      status: 'completed',
      conclusion: 'success',
    });
    expect(comments(recorded.slice(before))).toEqual([]);
  });

  it('lists files without a patch as not scanned and posts every annotation batch', async () => {
    const lines = Array.from({ length: 120 }, (_, i) => `+try { f${i}(); } catch (e) {}`);
    const recorded = mockGitHub(
      repoWith({
        tree: { 'ACTION_PLAN.md': PLAN_DONE },
        files: [
          {
            filename: 'src/many.ts',
            status: 'added',
            patch: `@@ -0,0 +1,120 @@\n${lines.join('\n')}`,
          },
          { filename: 'assets/logo.png', status: 'added' },
        ],
      }),
    );
    await fixture.receive('m2', 'merge_group', mergeGroup());
    const runWrites = recorded.filter((request) => /check-runs(\/1)?$/.test(request.path));
    expect(runWrites.map((request) => request.body.output.annotations.length)).toEqual([
      50, 50, 20,
    ]);
    expect(runWrites[0]?.body.output.summary).toContain('assets/logo.png');
  });
});
