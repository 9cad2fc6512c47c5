import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { Probot } from 'probot';
import { createApp } from '../../src/app.js';
import { UNCONFIGURED_OUTPUT } from '../../src/core/gate/decide-opt-in.js';
import { createAppOctokit } from '../../src/github/create-app-octokit.js';
import { createInProcessQueue, type EvaluationQueue } from '../../src/github/queue/index.js';
import { mockGitHub, writes, type FakeRepo } from '../helpers/mock-github.js';
import { example, pullRequestOpened } from '../helpers/webhook-payloads.js';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const PLAN = '# Plan\n\n## Phase 1\n- [x] Ship\n';
const CLEAN = '@@ -1,1 +1,2 @@\n const a = 1;\n+const b = 2;';

/** A repository with neither a readiness document nor a config of its own. */
const unconfigured = (overrides: Partial<FakeRepo> = {}): FakeRepo => ({
  files: [{ filename: 'src/a.ts', status: 'modified', patch: CLEAN }],
  tree: { 'src/a.ts': 'const a = 1;\nconst b = 2;\n' },
  config: null,
  ...overrides,
});

/** A fresh App per test on an in-process queue, with the network closed except for nock. */
function useApp(options: { slowMs?: number } = {}) {
  const app = {} as { receive(name: string, payload: object): Promise<void> };
  let queue: EvaluationQueue;
  beforeEach(async () => {
    nock.disableNetConnect();
    queue = createInProcessQueue({ concurrency: 8 });
    const probot = new Probot({
      appId: 123,
      privateKey,
      Octokit: createAppOctokit({ writeMinTime: 0, notificationMinTime: 0 }).defaults({
        retry: { enabled: false },
      }),
      logLevel: 'fatal',
    });
    await probot.load(createApp({ queue, sweepMs: 0, ...options }), {
      cwd: process.cwd(),
      addHandler: () => {},
    });
    app.receive = async (name, payload) => {
      await probot.receive({ id: `d-${Math.random()}`, name, payload } as never);
      await queue.idle();
    };
  });
  afterEach(async () => {
    await queue.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });
  return app;
}

const runs = (recorded: ReturnType<typeof mockGitHub>) =>
  writes(recorded, 'POST', /check-runs$/).map((request) => request.body);

describe('the App on repositories that have not opted in', () => {
  const app = useApp();
  const receive = (name: string, payload: object) => app.receive(name, payload);

  it('skip (the default): no check run, no comment, nothing written', async () => {
    const recorded = mockGitHub(unconfigured());
    await receive('pull_request', pullRequestOpened());
    expect(recorded).toEqual([]);
  });

  it('neutral, set in the organisation-wide config: one neutral run that says why, no comment', async () => {
    const recorded = mockGitHub(unconfigured({ orgConfig: 'whenUnconfigured: neutral\n' }));
    await receive('pull_request', pullRequestOpened());
    expect(recorded).toHaveLength(1);
    expect(runs(recorded)).toEqual([
      expect.objectContaining({
        name: 'Readiness Gate',
        status: 'completed',
        conclusion: 'neutral',
        output: UNCONFIGURED_OUTPUT,
      }),
    ]);
  });

  it.each<[string, Partial<FakeRepo>, 'success' | 'failure']>([
    ['a failed read: judged, and it fails closed', { failFiles: 500 }, 'failure'],
    [
      'a PR that adds the first readiness document',
      { tree: { 'ACTION_PLAN.md': PLAN } },
      'success',
    ],
    // Opted in without a document: the gate says so ("no readiness document") and fails.
    ['a config of its own, without a document', { config: 'untracked: open\n' }, 'failure'],
    ['a check that branch protection requires', { required: true }, 'failure'],
    [
      'a PR that adds the first config',
      {
        files: [
          {
            filename: '.github/readiness.yml',
            status: 'added',
            patch: '@@ -0,0 +1 @@\n+untracked: open',
          },
        ],
        tree: { '.github/readiness.yml': 'untracked: open\n' },
      },
      'failure',
    ],
    [
      'a PR that deletes the readiness document',
      { files: [{ filename: 'docs/PRODUCTION_READINESS.md', status: 'removed' }] },
      'failure',
    ],
  ])('evaluates %s', async (_name, overrides, conclusion) => {
    const recorded = mockGitHub(
      unconfigured({ orgConfig: 'whenUnconfigured: skip\n', ...overrides }),
    );
    await receive('pull_request', pullRequestOpened());
    expect(runs(recorded)).toEqual([expect.objectContaining({ status: 'completed', conclusion })]);
  });

  it('a merge group of an unconfigured repository: no run either', async () => {
    const recorded = mockGitHub(unconfigured());
    nock('https://api.github.com')
      .get('/repos/Codertocat/Hello-World/pulls/2')
      .reply(200, { number: 2, user: { login: 'Codertocat' } });
    const payload = example('merge_group', 'checks_requested');
    payload.installation = { id: 4242, node_id: 'x' };
    payload.repository = pullRequestOpened().repository;
    payload.merge_group.head_ref = `refs/heads/gh-readonly-queue/master/pr-2-${payload.merge_group.head_sha}`;
    await receive('merge_group', payload);
    expect(recorded).toEqual([]);
  });
});

describe('the App on a repository that has not opted in, read slowly', () => {
  const app = useApp({ slowMs: 0 });

  it('skip after a slow read: the run it already started is concluded `skipped`, not left open', async () => {
    const recorded = mockGitHub(unconfigured());
    await app.receive('pull_request', pullRequestOpened());
    expect(runs(recorded)).toEqual([expect.objectContaining({ status: 'in_progress' })]);
    expect(writes(recorded, 'PATCH', /check-runs\/\d+$/).map((request) => request.body)).toEqual([
      expect.objectContaining({
        status: 'completed',
        conclusion: 'skipped',
        output: UNCONFIGURED_OUTPUT,
      }),
    ]);
  });
});
