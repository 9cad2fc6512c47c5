import type { StartedServer } from '../../src/github/start-server.js';
import { FakeGitHub, type FakeState } from '../helpers/fake-github-server.js';
import { FaultProxy, type LoggedRequest } from '../helpers/fault-proxy.js';
import { startAppAgainstFake, type AppAgainstFake } from '../helpers/start-app-against-fake.js';
import { commentCreated, example, pullRequestOpened } from '../helpers/webhook-payloads.js';

const SECRET = 'evidence-webhook-secret';
/** A provider key in a file no pull request below touches. */
const KEYED = "export const stripe = 'sk_live_51HxAbCdEfGhIjKlMnOp';\n";
let shas = 0x100;
const nextSha = () => (++shas).toString(16).padStart(40, '0');
const touchOther = {
  filename: 'src/other.ts',
  status: 'modified',
  patch: '@@ -1,1 +1,2 @@\n export const a = 1;\n+export const b = 2;',
};

/**
 * Issue 9 through the App: claims checked against the whole repository at head (read in one
 * tarball request), deliverables against the paths at head, and de-scoped items against the
 * base branch, on the real HTTP server and a local fake GitHub.
 */
describe('end to end: claims, deliverables and de-scoping through the App', () => {
  let github: FakeGitHub;
  let proxy: FaultProxy;
  let app: StartedServer;
  let delivery = 0;
  const state: FakeState = {
    owner: 'Codertocat',
    repo: 'Hello-World',
    head: nextSha(),
    base: 'master',
    files: [touchOther],
    tree: {},
    comments: [],
    permissions: { maintainer: 'maintain' },
    failOnce: [],
  };

  let harness: AppAgainstFake;

  beforeAll(async () => {
    harness = await startAppAgainstFake(state, { secret: SECRET, timeoutMs: 3000 });
    ({ github, proxy, app } = harness);
  }, 60_000);

  afterAll(() => harness.stop());

  afterEach(() => {
    expect(github.invalid).toEqual([]);
    expect(github.unexpected).toEqual([]);
  });

  async function send(name: string, payload: object) {
    expect(await harness.post(name, payload, { id: `evidence-${++delivery}` })).toBe(200);
    await app.queue.idle();
  }

  /** A push of `tree` to the pull request; returns the requests it made and its last run. */
  async function push(tree: Record<string, string>, files = [touchOther]) {
    const head = nextSha();
    state.head = head;
    state.tree = tree;
    state.files = files;
    const payload = pullRequestOpened({ head });
    payload.action = 'synchronize';
    payload.pull_request.base.ref = 'master';
    payload.pull_request.changed_files = files.length;
    // Enough latency that parallel requests overlap even on a loaded machine.
    proxy.latencyMs = 100;
    const from = proxy.log.length;
    await send('pull_request', payload);
    proxy.latencyMs = 0;
    return { head, requests: proxy.since(from), run: lastRun(head) };
  }

  const lastRun = (head: string) => github.checkRuns.filter((run) => run.head_sha === head).at(-1);
  const report = (head: string) => JSON.stringify(lastRun(head)?.output ?? {});
  const tarballs = (requests: LoggedRequest[]) =>
    requests.filter((request) => /\/tarball\//.test(request.path));
  const describeRequests = (requests: LoggedRequest[]) =>
    requests.map((r) => `${r.method} ${r.path.replace(/^\/repos\/[^/]+\/[^/]+/, '')}`).join(', ');

  it('warms up: a plan with nothing to check passes, its document taken from the tarball', async () => {
    const { run, requests } = await push({
      'ACTION_PLAN.md': '# Plan\n\n## Phase 1\n- [x] Ship the thing\n',
      'src/other.ts': 'export const a = 1;\nexport const b = 2;\n',
    });
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success' });
    // The tarball replaced the document's own read: still one request for the whole tree.
    expect(tarballs(requests)).toHaveLength(1);
    expect(requests.some((request) => request.path.includes('/contents/ACTION_PLAN.md'))).toBe(
      false,
    );
  });

  it('a ticked "Remove dev keys" item with a key still in an untouched file: claim-contradicted, in one repository request', async () => {
    const { head, run, requests } = await push({
      'ACTION_PLAN.md': '# Plan\n\n## Phase 1\n- [x] Remove all dev keys from the code\n',
      'src/payments/keys.ts': KEYED,
      'src/other.ts': 'export const a = 1;\nexport const b = 2;\n',
    });
    const trips = FaultProxy.roundTrips(requests);
    console.log(
      `evidence PR: ${requests.length} requests, ${trips} sequential round trips: ${describeRequests(requests)}`,
    );
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(report(head)).toContain('claim-contradicted');
    expect(report(head)).toContain('src/payments/keys.ts');
    expect(report(head)).not.toContain('HxAbCdEfGhIjKlMnOp');
    // The whole repository at head is read in exactly one request (GitHub's tarball).
    expect(tarballs(requests)).toHaveLength(1);
    // The same bounds as a 20-file PR without evidence: the tarball replaces the document's
    // read and runs beside the other second-round reads, so it adds neither.
    expect(requests.length).toBeLessThanOrEqual(8);
    expect(trips).toBeLessThanOrEqual(4);
  });

  it('a merge group gets the same claim check, in one repository request', async () => {
    const head = nextSha();
    state.head = head;
    state.tree = {
      'ACTION_PLAN.md': '# Plan\n\n## Phase 1\n- [x] Remove all dev keys from the code\n',
      'src/payments/keys.ts': KEYED,
    };
    state.files = [touchOther];
    const payload = example('merge_group', 'checks_requested');
    payload.installation = { id: 4242, node_id: 'x' };
    payload.repository = pullRequestOpened().repository;
    payload.merge_group.head_sha = head;
    payload.merge_group.head_ref = `refs/heads/gh-readonly-queue/master/pr-2-${head}`;
    const from = proxy.log.length;
    await send('merge_group', payload);
    expect(lastRun(head)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(report(head)).toContain('claim-contradicted');
    expect(tarballs(proxy.since(from))).toHaveLength(1);
  });

  it('the tarball cannot be read: fails closed only when a claim needed it', async () => {
    const tree = {
      'ACTION_PLAN.md': '# Plan\n\n## Phase 1\n- [x] Remove all dev keys from the code\n',
      'src/other.ts': 'export const a = 1;\nexport const b = 2;\n',
    };
    proxy.faults.push({ method: 'GET', path: /\/tarball\//, kind: 'status', status: 404 });
    const needed = await push(tree);
    expect(needed.run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(report(needed.head)).toContain('the repository at head');
    // The document is then read on its own.
    expect(needed.requests.filter((r) => r.path.includes('/contents/ACTION_PLAN.md'))).toHaveLength(
      1,
    );
    proxy.faults.push({ method: 'GET', path: /\/tarball\//, kind: 'status', status: 404 });
    const notNeeded = await push({
      ...tree,
      'ACTION_PLAN.md': '# Plan\n\n## Phase 1\n- [x] Ship\n',
    });
    expect(notNeeded.run).toMatchObject({ status: 'completed', conclusion: 'success' });
  });

  it('a done deliverable naming a missing script: deliverable-missing', async () => {
    const { head, run, requests } = await push({
      'ACTION_PLAN.md':
        '# Plan\n\n## Phase 1\n- [x] ✅ Schema check: `scripts/verify_schema.sh`\n- [x] ✅ Setup guide: `docs/SETUP.md`\n',
      'docs/SETUP.md': '# Setup\n',
      'src/other.ts': 'export const a = 1;\nexport const b = 2;\n',
    });
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(report(head)).toContain('deliverable-missing');
    expect(report(head)).toContain('scripts/verify_schema.sh');
    expect(report(head)).not.toMatch(/deliverable-missing[^"]*docs\/SETUP\.md/);
    expect(tarballs(requests)).toHaveLength(1);
  });

  it('a PR deleting an open Phase 1 item: checklist-descoped; a writer waives it with a reason: success', async () => {
    const basePlan = '# Plan\n\n## Phase 1\n- [x] Ship the thing\n- [ ] Load test the API\n';
    // The documents at base are served for the base SHA the event carries.
    state.baseSha = pullRequestOpened().pull_request.base.sha as string;
    state.baseTree = {
      'ACTION_PLAN.md': basePlan,
      'src/other.ts': 'export const a = 1;\n',
    };
    const { head, run, requests } = await push(
      {
        'ACTION_PLAN.md': '# Plan\n\n## Phase 1\n- [x] Ship the thing\n',
        'src/other.ts': 'export const a = 1;\nexport const b = 2;\n',
      },
      [
        touchOther,
        {
          filename: 'ACTION_PLAN.md',
          status: 'modified',
          patch: '@@ -4,2 +4,1 @@\n - [x] Ship the thing\n-- [ ] Load test the API',
        },
      ],
    );
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(report(head)).toContain('checklist-descoped');
    expect(report(head)).toContain('Load test the API');
    // The document at base is read only because the change touches it: one request.
    expect(requests.filter((r) => r.path.includes('/contents/ACTION_PLAN.md'))).toHaveLength(1);
    expect(tarballs(requests)).toHaveLength(1);

    const body = '/readiness waive checklist-descoped -- load tests moved to the perf plan';
    const payload = commentCreated(body, { login: 'maintainer' }, 7001);
    state.comments.push({
      id: 7001,
      body,
      user: { login: 'maintainer', type: 'User' },
      created_at: new Date().toISOString(),
      html_url: '',
    });
    await send('issue_comment', payload);
    expect(lastRun(head)).toMatchObject({ status: 'completed', conclusion: 'success' });
    delete state.baseTree;
  });
});
