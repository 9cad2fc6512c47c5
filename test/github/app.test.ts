import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import app from '../../src/app.js';
import { mockGitHub, writes, type FakeRepo } from '../helpers/mock-github.js';
import { commentCreated, example, HEAD, pullRequestOpened } from '../helpers/webhook-payloads.js';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

const PLAN_OPEN = '# Plan\n\n## Phase 1\n- [x] Ship\n- [ ] Rotate keys\n';
const PLAN_DONE = '# Plan\n\n## Phase 1\n- [x] Ship\n- [x] Rotate keys\n';
const KEY_PATCH = "@@ -1,1 +1,2 @@\n const a = 1;\n+const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';";

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

async function newProbot(): Promise<Probot> {
  const probot = new Probot({
    appId: 123,
    privateKey,
    Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }),
    logLevel: 'fatal',
  });
  await probot.load(app, { cwd: process.cwd(), addHandler: () => {} });
  return probot;
}

/** A fresh App per test, with the network closed except for nock. */
function useProbot(): { probot: Probot } {
  const holder = {} as { probot: Probot };
  beforeEach(async () => {
    nock.disableNetConnect();
    holder.probot = await newProbot();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
  return holder;
}

describe('the GitHub App', () => {
  const fixture = useProbot();

  it('fails a PR with a dev key and an open Phase 1 item: annotation on the line, one comment', async () => {
    const recorded = mockGitHub(repoWith());
    await fixture.probot.receive({
      id: 'd1',
      name: 'pull_request',
      payload: pullRequestOpened() as never,
    });
    const [create] = writes(recorded, 'POST', /check-runs$/);
    expect(create?.body).toMatchObject({
      name: 'Readiness Gate',
      head_sha: HEAD,
      status: 'in_progress',
    });
    const [complete] = writes(recorded, 'PATCH', /check-runs\/1$/);
    expect(complete?.body).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'Phase 1: 1/2 done · 1 blocking finding' },
    });
    expect(complete?.body.output.annotations).toEqual([
      expect.objectContaining({
        path: 'src/pay.ts',
        start_line: 2,
        end_line: 2,
        annotation_level: 'failure',
        title: 'dev-keys',
      }),
    ]);
    expect(complete?.body.output.summary).toContain('not a required check on this branch');
    const comments = writes(recorded, 'POST', /issues\/2\/comments$/);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body.body).toContain('<!-- readiness-gate:sticky -->');
    expect(JSON.stringify(recorded)).not.toContain('HxAbCdEfGhIjKlMnOp');
  });

  it('passes once fixed and edits the same comment, and only when it changed', async () => {
    const sticky = {
      id: 77,
      body: '<!-- readiness-gate:sticky -->\nold',
      user: { login: 'readiness-gate[bot]', type: 'Bot' },
    };
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
    await fixture.probot.receive({
      id: 'd2',
      name: 'pull_request',
      payload: pullRequestOpened() as never,
    });
    expect(writes(recorded, 'PATCH', /check-runs\/1$/)[0]?.body).toMatchObject({
      conclusion: 'success',
    });
    expect(writes(recorded, 'POST', /issues\/2\/comments$/)).toEqual([]);
    const [edit] = writes(recorded, 'PATCH', /issues\/comments\/77$/);
    expect(edit?.body.body).toContain('✅');

    nock.cleanAll();
    sticky.body = edit?.body.body;
    const again = mockGitHub(fixed);
    await fixture.probot.receive({
      id: 'd3',
      name: 'pull_request',
      payload: pullRequestOpened() as never,
    });
    expect(writes(again, 'PATCH', /issues\/comments/)).toEqual([]);
    expect(writes(again, 'POST', /issues\/2\/comments$/)).toEqual([]);
  });

  it('runs the check on drafts but posts no comment', async () => {
    const recorded = mockGitHub(repoWith());
    await fixture.probot.receive({
      id: 'd4',
      name: 'pull_request',
      payload: pullRequestOpened({ draft: true }) as never,
    });
    expect(writes(recorded, 'PATCH', /check-runs\/1$/)).toHaveLength(1);
    expect(writes(recorded, 'POST', /issues\/2\/comments$/)).toEqual([]);
  });

  it('concludes failure with the reason when GitHub fails, never leaving the run in progress', async () => {
    const recorded = mockGitHub(repoWith({ failFiles: 500 }));
    await fixture.probot.receive({
      id: 'd5',
      name: 'pull_request',
      payload: pullRequestOpened() as never,
    });
    const [complete] = writes(recorded, 'PATCH', /check-runs\/1$/);
    expect(complete?.body).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'Readiness Gate could not evaluate this pull request' },
    });
    expect(complete?.body.output.summary).toContain('HTTP 500');
    expect(complete?.body.output.summary).toContain('Re-check');
  });

  it('sends annotations in batches of at most 50', async () => {
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
    await fixture.probot.receive({
      id: 'd6',
      name: 'pull_request',
      payload: pullRequestOpened() as never,
    });
    const batches = writes(recorded, 'PATCH', /check-runs\/1$/).map(
      (request) => request.body.output.annotations.length,
    );
    expect(batches).toEqual([50, 50, 20]);
  });

  describe('slash commands', () => {
    it('refuses a waiver from a read-only user, politely', async () => {
      const recorded = mockGitHub(repoWith({ permissions: { reader: 'read' } }));
      await fixture.probot.receive({
        id: 'c1',
        name: 'issue_comment',
        payload: commentCreated('/readiness waive dev-keys -- test key', {
          login: 'reader',
        }) as never,
      });
      expect(writes(recorded, 'POST', /reactions$/)[0]?.body).toEqual({ content: 'eyes' });
      const [reply] = writes(recorded, 'POST', /issues\/2\/comments$/);
      expect(reply?.body.body).toBe(
        'Sorry @reader, only people with write, maintain or admin permission on this repository can waive findings. Please ask a maintainer.',
      );
      expect(writes(recorded, 'POST', /check-runs$/)).toEqual([]);
    });

    it('accepts a waiver from a writer: acknowledged, listed, and the finding no longer blocks', async () => {
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
      await fixture.probot.receive({
        id: 'c2',
        name: 'issue_comment',
        payload: commentCreated(waive.body, waive.user, waive.id) as never,
      });
      const [complete] = writes(recorded, 'PATCH', /check-runs\/1$/);
      expect(complete?.body).toMatchObject({ conclusion: 'success' });
      expect(complete?.body.output.summary).toContain(
        '| `dev-keys` | `src/pay.ts` | @maintainer |',
      );
      const posted = writes(recorded, 'POST', /issues\/2\/comments$/).map(
        (request) => request.body.body as string,
      );
      expect(posted[0]).toMatch(
        /^✅ Waived `dev-keys` in `src\/pay.ts` for 1 finding — “test account key” \(by @maintainer\)/,
      );
      expect(posted[1]).toContain('<!-- readiness-gate:sticky -->');
    });

    it('ignores bots, including itself', async () => {
      const recorded = mockGitHub(repoWith());
      await fixture.probot.receive({
        id: 'c3',
        name: 'issue_comment',
        payload: commentCreated('/readiness check', {
          login: 'some-app[bot]',
          type: 'Bot',
        }) as never,
      });
      expect(recorded).toEqual([]);
    });

    it('answers help, explain and unknown commands', async () => {
      const recorded = mockGitHub(repoWith());
      await fixture.probot.receive({
        id: 'c4',
        name: 'issue_comment',
        payload: commentCreated('/readiness explain empty-catch\n/readiness frobnicate', {
          login: 'dev',
        }) as never,
      });
      const replies = writes(recorded, 'POST', /issues\/2\/comments$/).map(
        (request) => request.body.body as string,
      );
      expect(replies[0]).toMatch(/^### `empty-catch`: Error swallowed by an empty catch/);
      expect(replies[1]).toMatch(/^I don't know `\/readiness frobnicate`/);
      expect(replies[1]).toContain('/readiness waive <rule-id> [path] -- <reason>');
    });
  });
});

describe('the GitHub App, more events', () => {
  const fixture = useProbot();

  it('reuses the check run already on the head commit: one run per SHA', async () => {
    const run = {
      id: 9,
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'old' },
      html_url: '',
    };
    const recorded = mockGitHub(repoWith({ checkRuns: [run] }));
    await fixture.probot.receive({
      id: 'e0',
      name: 'pull_request',
      payload: pullRequestOpened() as never,
    });
    expect(writes(recorded, 'POST', /check-runs$/)).toEqual([]);
    expect(
      writes(recorded, 'PATCH', /check-runs\/9$/).map((request) => request.body.status),
    ).toEqual(['in_progress', 'completed']);
  });

  it('leaves the comment to a newer push that superseded this evaluation', async () => {
    const recorded = mockGitHub(repoWith({ head: 'f'.repeat(40) }));
    await fixture.probot.receive({
      id: 'e1',
      name: 'pull_request',
      payload: pullRequestOpened() as never,
    });
    expect(writes(recorded, 'PATCH', /check-runs\/1$/)[0]?.body).toMatchObject({
      status: 'completed',
    });
    expect(writes(recorded, 'POST', /issues\/2\/comments$/)).toEqual([]);
  });

  it('validates a changed .github/readiness.yml: errors are annotations that block', async () => {
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
    await fixture.probot.receive({
      id: 'e2',
      name: 'pull_request',
      payload: pullRequestOpened() as never,
    });
    const [complete] = writes(recorded, 'PATCH', /check-runs\/1$/);
    expect(complete?.body.conclusion).toBe('failure');
    expect(complete?.body.output.annotations).toEqual([
      expect.objectContaining({
        path: '.github/readiness.yml',
        start_line: 2,
        annotation_level: 'failure',
        message:
          'Unexpected string `s•••` (4 characters) for `gate.phase`, expected a whole number',
      }),
    ]);
  });

  it('follows _extends to the organisation config', async () => {
    const recorded = mockGitHub(
      repoWith({ config: '_extends: .github\n', tree: { 'ACTION_PLAN.md': PLAN_DONE } }),
    );
    nock('https://api.github.com')
      .get('/repos/Codertocat/.github/contents/.github%2Freadiness.yml')
      .reply(200, {
        type: 'file',
        encoding: 'base64',
        content: Buffer.from('rules:\n  disable: [dev-keys]\n').toString('base64'),
      });
    await fixture.probot.receive({
      id: 'e3',
      name: 'pull_request',
      payload: pullRequestOpened() as never,
    });
    expect(writes(recorded, 'PATCH', /check-runs\/1$/)[0]?.body).toMatchObject({
      conclusion: 'success',
    });
  });

  it('re-evaluates open PRs when the default branch changes the checklist', async () => {
    const recorded = mockGitHub(repoWith());
    const payload = example('push', null, () => true);
    payload.installation = { id: 4242, node_id: 'x' };
    payload.repository = pullRequestOpened().repository;
    payload.ref = `refs/heads/${payload.repository.default_branch}`;
    payload.commits = [{ id: 'c', added: [], removed: [], modified: ['docs/ACTION_PLAN.md'] }];
    await fixture.probot.receive({ id: 'e4', name: 'push', payload: payload as never });
    expect(writes(recorded, 'POST', /check-runs$/)).toHaveLength(1);
  });

  it('ignores pushes that touch no gate file', async () => {
    const recorded = mockGitHub(repoWith());
    const payload = example('push', null, () => true);
    payload.installation = { id: 4242, node_id: 'x' };
    payload.repository = pullRequestOpened().repository;
    payload.ref = `refs/heads/${payload.repository.default_branch}`;
    payload.commits = [{ id: 'c', added: ['src/x.ts'], removed: [], modified: [] }];
    await fixture.probot.receive({ id: 'e5', name: 'push', payload: payload as never });
    expect(recorded).toEqual([]);
  });

  it('concludes a merge group check so the queue never stalls', async () => {
    const recorded = mockGitHub(repoWith({ tree: { 'ACTION_PLAN.md': PLAN_DONE } }));
    const payload = example('merge_group', 'checks_requested');
    payload.installation = { id: 4242, node_id: 'x' };
    payload.repository = pullRequestOpened().repository;
    await fixture.probot.receive({ id: 'e6', name: 'merge_group', payload: payload as never });
    expect(writes(recorded, 'POST', /check-runs$/)[0]?.body).toMatchObject({
      name: 'Readiness Gate',
      head_sha: payload.merge_group.head_sha,
    });
    expect(writes(recorded, 'PATCH', /check-runs\/1$/)[0]?.body).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
    });
  });

  it('re-evaluates when a waiver comment is deleted', async () => {
    const recorded = mockGitHub(repoWith());
    const payload = commentCreated('/readiness waive dev-keys -- x', { login: 'maintainer' });
    payload.action = 'deleted';
    await fixture.probot.receive({ id: 'e7', name: 'issue_comment', payload: payload as never });
    expect(writes(recorded, 'POST', /check-runs$/)).toHaveLength(1);
  });
});

describe('the GitHub App, re-runs and status', () => {
  const fixture = useProbot();

  it('re-evaluates on the Re-check button and on a re-requested run, not for other checks', async () => {
    const recorded = mockGitHub(repoWith());
    const payload = example('check_run', 'requested_action');
    payload.installation = { id: 4242, node_id: 'x' };
    payload.repository = pullRequestOpened().repository;
    payload.check_run.name = 'Readiness Gate';
    payload.check_run.pull_requests = [{ number: 2 }];
    payload.requested_action = { identifier: 'recheck' };
    await fixture.probot.receive({ id: 'r1', name: 'check_run', payload: payload as never });
    expect(writes(recorded, 'POST', /check-runs$/)).toHaveLength(1);

    payload.check_run.name = 'some other check';
    await fixture.probot.receive({ id: 'r2', name: 'check_run', payload: payload as never });
    expect(writes(recorded, 'POST', /check-runs$/)).toHaveLength(1);
  });

  it('replies to /readiness status with the latest run', async () => {
    const run = {
      id: 9,
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'Phase 1: 1/2 done · 1 blocking finding' },
      html_url: 'https://github.com/x',
    };
    const recorded = mockGitHub(repoWith({ checkRuns: [run] }));
    await fixture.probot.receive({
      id: 'r3',
      name: 'issue_comment',
      payload: commentCreated('/readiness status', { login: 'dev' }) as never,
    });
    const [reply] = writes(recorded, 'POST', /issues\/2\/comments$/);
    expect(reply?.body.body).toBe(
      `**Readiness Gate** at ${HEAD.slice(0, 7)}: ❌ failure — Phase 1: 1/2 done · 1 blocking finding ([details](https://github.com/x))`,
    );
  });
});

describe('waivers lapse', () => {
  const fixture = useProbot();

  it('when a later push changes the waived finding', async () => {
    const waive = {
      id: 321,
      body: '/readiness waive dev-keys -- old key',
      user: { login: 'maintainer', type: 'User' },
    };
    // The acknowledgement recorded the finding as it was then; the line has changed since.
    const ack = {
      id: 322,
      body: '✅ Waived\n<!-- readiness-gate:waiver {"comment":321,"fingerprints":["0badf00d"]} -->',
      user: { login: 'readiness-gate[bot]', type: 'Bot' },
    };
    const recorded = mockGitHub(
      repoWith({
        tree: { 'ACTION_PLAN.md': PLAN_DONE },
        permissions: { maintainer: 'write' },
        comments: [waive, ack],
      }),
    );
    await fixture.probot.receive({
      id: 'w1',
      name: 'pull_request',
      payload: pullRequestOpened() as never,
    });
    const [complete] = writes(recorded, 'PATCH', /check-runs\/1$/);
    expect(complete?.body.conclusion).toBe('failure');
    expect(complete?.body.output.annotations[0]).toMatchObject({
      title: 'dev-keys',
      annotation_level: 'failure',
    });
    expect(
      writes(recorded, 'POST', /issues\/2\/comments$/).some((request) =>
        /Waived/.test(request.body.body),
      ),
    ).toBe(false);
  });

  it('when the waiver author no longer has write permission', async () => {
    const waive = {
      id: 321,
      body: '/readiness waive dev-keys -- old key',
      user: { login: 'former', type: 'User' },
    };
    const recorded = mockGitHub(
      repoWith({
        tree: { 'ACTION_PLAN.md': PLAN_DONE },
        permissions: { former: 'read' },
        comments: [waive],
      }),
    );
    await fixture.probot.receive({
      id: 'w2',
      name: 'pull_request',
      payload: pullRequestOpened() as never,
    });
    expect(writes(recorded, 'PATCH', /check-runs\/1$/)[0]?.body.conclusion).toBe('failure');
  });

  it('after /readiness unwaive', async () => {
    const waive = {
      id: 321,
      body: '/readiness waive dev-keys -- old key',
      user: { login: 'maintainer', type: 'User' },
    };
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
    await fixture.probot.receive({
      id: 'w3',
      name: 'pull_request',
      payload: pullRequestOpened() as never,
    });
    expect(writes(recorded, 'PATCH', /check-runs\/1$/)[0]?.body.conclusion).toBe('failure');
  });
});
