import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import nock from 'nock';
import { runAction } from '../../src/action/run-action.js';
import {
  BASE,
  HEAD,
  commentCreated,
  example,
  pullRequestOpened,
} from '../helpers/webhook-payloads.js';
import { repoRoot } from '../helpers/paths.js';
import { writeTar } from '../helpers/fake-github-server.js';

const API = 'https://api.github.com';
const TOKEN = 'ghs_actionTokenForTheTest0123456789';
const KEY_LINE = "const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';";
const PLAN_OPEN = '# Plan\n\n## Phase 1\n- [x] Ship\n- [ ] Rotate keys\n';
const PLAN_DONE = '# Plan\n\n## Phase 1\n- [x] Ship\n- [x] Rotate keys\n';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const file = (text: string) => ({ type: 'file', encoding: 'base64', content: b64(text) });

interface Repo {
  owner: string;
  repo: string;
  files: Array<{ filename: string; status: string; patch?: string }>;
  tree: Record<string, string>;
  config: string | null;
}

/**
 * The reads the Action makes (the App's pull-request and merge-group sources), every one with
 * the job's token; anything else fails the test. The tree at head comes in one tarball.
 */
function mockReads(
  repo: Repo,
  at: { head: string; baseSha: string; number: number; comments?: unknown[] },
) {
  const prefix = `/repos/${repo.owner}/${repo.repo}`;
  const top = `${repo.owner}-${repo.repo}-${at.head.slice(0, 7)}/`;
  const tarball = gzipSync(
    writeTar([
      { path: top, directory: true },
      ...Object.entries(repo.tree).map(([path, text]) => ({ path: top + path, text })),
    ]),
  );
  const scope = nock(API, { reqheaders: { authorization: `token ${TOKEN}` } })
    .get(`${prefix}/compare/${at.baseSha}...${at.head}`)
    .query({ per_page: 1 })
    .reply(200, { files: repo.files })
    .get(`${prefix}/git/trees/${at.head}`)
    .query({ recursive: 'true' })
    .reply(200, {
      sha: at.head,
      truncated: false,
      tree: Object.keys(repo.tree).map((path) => ({ path, type: 'blob', size: 10 })),
    })
    .get(`${prefix}/tarball/${at.head}`)
    .reply(200, tarball, { 'content-type': 'application/x-gzip' })
    .get(`${prefix}/contents/.github%2Freadiness.yml`)
    .query({ ref: at.baseSha })
    .reply(() =>
      repo.config === null ? [404, { message: 'Not Found' }] : [200, file(repo.config)],
    )
    .get(`${prefix}/issues/${at.number}/comments`)
    .query({ per_page: 100 })
    .reply(200, at.comments ?? []);
  return { scope, prefix };
}

function mockPullRequest(repo: Repo, head = HEAD, comments: unknown[] = []) {
  const baseSha = 'b'.repeat(40);
  const { scope, prefix } = mockReads(repo, { head, baseSha, number: 2, comments });
  scope.get(`${prefix}/pulls/2`).reply(200, {
    number: 2,
    draft: false,
    changed_files: repo.files.length,
    user: { login: 'Codertocat', type: 'User' },
    head: { sha: head, ref: 'feature' },
    base: {
      ref: BASE,
      sha: baseSha,
      repo: { html_url: `https://github.com/${repo.owner}/${repo.repo}` },
    },
  });
  return scope;
}

const PR_REPO = (files: Repo['files'], plan: string): Repo => ({
  owner: 'Codertocat',
  repo: 'Hello-World',
  files,
  tree: { 'ACTION_PLAN.md': plan },
  config: 'gate: { phase: 1 }\n',
});
const KEY_FILE = {
  filename: 'src/pay.ts',
  status: 'modified',
  patch: `@@ -1,1 +1,2 @@\n const a = 1;\n+${KEY_LINE}`,
};
const OK_FILE = {
  filename: 'src/ok.ts',
  status: 'added',
  patch: '@@ -0,0 +1 @@\n+export const ok = 1;',
};

describe('the Action entry point against a nock’d GitHub', () => {
  let dir: string;
  let env: Record<string, string>;
  let out: string;

  const run = async (event: string, payload: unknown, inputs: Record<string, string> = {}) => {
    writeFileSync(env.GITHUB_EVENT_PATH as string, JSON.stringify(payload));
    out = '';
    return runAction({
      env: { ...env, GITHUB_EVENT_NAME: event, ...inputs },
      out: { write: (text: string) => (out += text) },
      rulesDir: `${repoRoot}rules`,
    });
  };
  const summary = () => readFileSync(env.GITHUB_STEP_SUMMARY as string, 'utf8');
  const commands = () => out.split('\n').filter((line) => line.startsWith('::'));

  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'run-action-'));
    env = {
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
      GITHUB_OUTPUT: join(dir, 'output.txt'),
      GITHUB_API_URL: API,
      GITHUB_SERVER_URL: 'https://github.com',
      INPUT_TOKEN: TOKEN,
      INPUT_COMMENT: 'false',
      INPUT_PHASE: '',
      'INPUT_CONFIG-PATH': '.github/readiness.yml',
    };
    writeFileSync(env.GITHUB_STEP_SUMMARY as string, '');
  });

  afterEach(() => {
    nock.cleanAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pull_request: annotations and summary written, exit code 1 for a failing gate', async () => {
    const scope = mockPullRequest(PR_REPO([KEY_FILE], PLAN_OPEN));
    expect(await run('pull_request', pullRequestOpened())).toBe(1);
    expect(scope.isDone()).toBe(true);
    expect(commands()).toEqual([
      expect.stringMatching(
        /^::error file=src\/pay\.ts,line=2,endLine=2,title=dev-keys::Unexpected hard-coded Stripe secret key/,
      ),
    ]);
    expect(out).not.toContain('sk_live_51HxAbCdEfGhIjKlMnOp');
    expect(out).not.toContain(TOKEN);
    expect(summary()).toContain('## Readiness Gate: ❌ fail');
    expect(summary()).toContain(
      `[ACTION_PLAN.md:5](https://github.com/Codertocat/Hello-World/blob/${HEAD}/ACTION_PLAN.md#L5)`,
    );
    expect(readFileSync(env.GITHUB_OUTPUT as string, 'utf8')).toBe(
      'verdict=fail\nconclusion=failure\n',
    );
  });

  it('pull_request: exit code 0 when the phase is green and nothing blocks', async () => {
    mockPullRequest(PR_REPO([OK_FILE], PLAN_DONE));
    expect(await run('pull_request', pullRequestOpened())).toBe(0);
    expect(commands()).toEqual([]);
    expect(summary()).toContain('## Readiness Gate: ✅ pass');
    expect(readFileSync(env.GITHUB_OUTPUT as string, 'utf8')).toBe(
      'verdict=pass\nconclusion=success\n',
    );
  });

  it('pull_request: the phase input overrides the config', async () => {
    mockPullRequest(PR_REPO([OK_FILE], PLAN_DONE));
    expect(await run('pull_request', pullRequestOpened(), { INPUT_PHASE: '2' })).toBe(1);
    expect(summary()).toContain('Phase 2 has no items');
  });

  it('merge_group: the same gate on the queue commit, exit code = verdict', async () => {
    const payload = example('merge_group', 'checks_requested');
    const group = payload.merge_group;
    const repo: Repo = {
      owner: payload.repository.owner.login,
      repo: payload.repository.name,
      files: [KEY_FILE],
      tree: { 'docs/PRODUCTION_READINESS.md': PLAN_DONE },
      config: null,
    };
    const number = 104; // the queued pull request, from head_ref
    const reads = (files: Repo['files']) => {
      const { scope, prefix } = mockReads(
        { ...repo, files },
        { head: group.head_sha, baseSha: group.base_sha, number },
      );
      scope
        .get(`${prefix}/pulls/${number}`)
        .reply(200, { number, user: { login: 'octocat', type: 'User' } });
      return scope;
    };
    const scope = reads([KEY_FILE]);
    expect(await run('merge_group', payload)).toBe(1);
    expect(scope.isDone()).toBe(true);
    expect(commands()).toEqual([
      expect.stringMatching(/^::error file=src\/pay\.ts,line=2,endLine=2,title=dev-keys::/),
    ]);
    expect(summary()).toContain('## Readiness Gate: ❌ fail');
    expect(summary()).toContain('1 blocking finding(s).');

    nock.cleanAll();
    reads([OK_FILE]);
    expect(await run('merge_group', payload)).toBe(0);
  });

  it('comment: true keeps one sticky comment; a refused comment never changes the verdict', async () => {
    mockPullRequest(PR_REPO([OK_FILE], PLAN_DONE))
      .post('/repos/Codertocat/Hello-World/issues/2/comments', (body) =>
        body.body.includes('<!-- readiness-gate:sticky -->'),
      )
      .reply(201, { id: 1 });
    expect(await run('pull_request', pullRequestOpened(), { INPUT_COMMENT: 'true' })).toBe(0);
    expect(out).toContain('Readiness Gate comment: created');

    nock.cleanAll();
    mockPullRequest(PR_REPO([OK_FILE], PLAN_DONE))
      .post('/repos/Codertocat/Hello-World/issues/2/comments')
      .reply(403, { message: 'Resource not accessible by integration' });
    expect(await run('pull_request', pullRequestOpened(), { INPUT_COMMENT: 'true' })).toBe(0);
    expect(commands()).toEqual([
      expect.stringMatching(
        /^::warning title=Readiness Gate::cannot post the comment \(does the job have `pull-requests: write`\?\)/,
      ),
    ]);
  });

  it('applies a writer’s waiver as the App does, and acknowledges it in a comment', async () => {
    const waive = {
      id: 77,
      body: '/readiness waive dev-keys -- sandbox key, rotated weekly',
      user: { login: 'maintainer', type: 'User' },
      created_at: '2026-11-20T10:00:00Z',
      html_url: '',
    };
    let ack = '';
    const scope = mockPullRequest(PR_REPO([KEY_FILE], PLAN_DONE), HEAD, [waive])
      .get('/repos/Codertocat/Hello-World/collaborators/maintainer/permission')
      .reply(200, { permission: 'write', role_name: 'write', user: { login: 'maintainer' } })
      .post('/repos/Codertocat/Hello-World/issues/2/comments', (body) => {
        ack = body.body;
        return true;
      })
      .reply(201, { id: 78 });
    expect(await run('pull_request', pullRequestOpened())).toBe(0);
    expect(scope.isDone()).toBe(true);
    expect(ack).toContain('Waived `dev-keys`');
    expect(ack).toContain('readiness-gate:waiver');
    expect(summary()).toContain('## Readiness Gate: ✅ pass');
  });

  it('a ticked item the code contradicts fails, read from the one tarball request', async () => {
    const repo = PR_REPO([OK_FILE], '# Plan\n\n## Phase 1\n- [x] Remove all dev keys\n');
    repo.tree['src/legacy/keys.ts'] = `${KEY_LINE}\n`;
    const scope = mockPullRequest(repo);
    expect(await run('pull_request', pullRequestOpened())).toBe(1);
    expect(scope.isDone()).toBe(true);
    expect(summary()).toContain('claim-contradicted');
    expect(summary()).toContain('src/legacy/keys.ts');
  });

  it('fails closed with the reason when GitHub fails or the PR moved on', async () => {
    nock(API).get('/repos/Codertocat/Hello-World/pulls/2').reply(502, { message: 'Bad Gateway' });
    expect(await run('pull_request', pullRequestOpened())).toBe(1);
    expect(commands()).toEqual([
      expect.stringMatching(
        /^::error title=Readiness Gate::the gate could not evaluate and fails closed: GitHub: cannot read pull request Codertocat\/Hello-World#2 \(HTTP 502\)/,
      ),
    ]);

    nock.cleanAll();
    mockPullRequest(PR_REPO([OK_FILE], PLAN_DONE), 'c'.repeat(40));
    expect(await run('pull_request', pullRequestOpened())).toBe(1);
    expect(summary()).toContain(
      `Could not read the pull request at ${HEAD.slice(0, 12)} (it has moved on to cccccccccccc`,
    );
  });

  it('issue_comment: a /readiness comment evaluates the pull request as it is now', async () => {
    const scope = mockPullRequest(PR_REPO([KEY_FILE], PLAN_DONE), 'd'.repeat(40));
    expect(
      await run('issue_comment', commentCreated('/readiness check', { login: 'octocat' })),
    ).toBe(1);
    expect(scope.isDone()).toBe(true);
    expect(summary()).toContain(
      `https://github.com/Codertocat/Hello-World/blob/${'d'.repeat(40)}/`,
    );
  });

  it('config-path: reads the named file from the base branch, and fails closed when it is missing', async () => {
    const repo = PR_REPO([OK_FILE], PLAN_DONE);
    mockPullRequest(repo)
      .get('/repos/Codertocat/Hello-World/contents/ci%2Fgate.yml')
      .query({ ref: 'b'.repeat(40) })
      .reply(200, file('gate: { phase: 2 }\n'));
    expect(
      await run('pull_request', pullRequestOpened(), { 'INPUT_CONFIG-PATH': 'ci/gate.yml' }),
    ).toBe(1);
    expect(summary()).toContain('Phase 2 has no items');

    nock.cleanAll();
    mockPullRequest(repo)
      .get('/repos/Codertocat/Hello-World/contents/ci%2Fgate.yml')
      .query({ ref: 'b'.repeat(40) })
      .reply(404, { message: 'Not Found' });
    expect(
      await run('pull_request', pullRequestOpened(), { 'INPUT_CONFIG-PATH': 'ci/gate.yml' }),
    ).toBe(1);
    expect(commands()).toEqual([
      expect.stringMatching(
        /^::error file=ci\/gate\.yml,line=1,endLine=1,title=readiness-gate config::Unexpected missing config/,
      ),
    ]);
  });

  it('does nothing, successfully, for an event it has nothing to check in', async () => {
    expect(await run('pull_request', example('pull_request', 'labeled'))).toBe(0);
    expect(out).toContain('nothing to check for `pull_request`');
  });

  it('rejects wrong inputs with what to fix', async () => {
    expect(await run('pull_request', pullRequestOpened(), { INPUT_COMMENT: 'yes' })).toBe(1);
    expect(out).toContain('Unexpected `comment: yes`, expected true or false');
    expect(await run('pull_request', pullRequestOpened(), { INPUT_PHASE: 'one' })).toBe(1);
    expect(out).toContain('Unexpected `phase: one`, expected a phase number');
    expect(
      await run('pull_request', pullRequestOpened(), { 'INPUT_CONFIG-PATH': '../secrets.yml' }),
    ).toBe(1);
    expect(out).toContain('expected a path inside the repository');
  });
});
