import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { Probot } from 'probot';
import { createApp } from '../../src/app.js';
import type { Verdict } from '../../src/core/gate/compute-verdict.js';
import { renderCheckTitle } from '../../src/core/render/render-check-output.js';
import { createAppOctokit } from '../../src/github/create-app-octokit.js';
import { createInProcessQueue } from '../../src/github/queue/index.js';
import { runCheckCommand } from '../../src/local/run-check-command.js';
import { runPrCheckCommand } from '../../src/local/run-pr-check-command.js';
import { GitRepo } from '../helpers/git-repo.js';
import { mockGitHub, writes, type FakeRepo } from '../helpers/mock-github.js';
import { example, pullRequestOpened } from '../helpers/webhook-payloads.js';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

interface Result {
  conclusion: 'success' | 'failure';
  title: string;
  findings: string[];
}

/** One change, as a local repository and as GitHub would serve it. */
function buildChange(): { repo: GitRepo; github: FakeRepo } {
  const repo = new GitRepo();
  const base = {
    'ACTION_PLAN.md': '# Plan\n\n## Phase 1\n- [x] Ship\n- [ ] Rotate keys\n',
    'src/pay.ts': 'const a = 1;\n',
    'src/util.ts': 'export function run() {\n  return 1;\n}\n',
  };
  repo.write(base).commit('base');
  repo.git('checkout', '-q', '-b', 'feature');
  const head = {
    ...base,
    'src/pay.ts': "const a = 1;\nconst key = 'sk_live_51HxAbCdEfGhIjKlMnOp';\n",
    'src/util.ts': 'export function run() {\n  try {\n    return 1;\n  } catch (e) {}\n}\n',
  };
  repo.write(head).commit('feature');
  const files = ['src/pay.ts', 'src/util.ts'].map((filename) => {
    const diff = repo.git('diff', '--no-color', '-U3', 'main...feature', '--', filename);
    return { filename, status: 'modified', patch: diff.slice(diff.indexOf('@@')).trimEnd() };
  });
  return { repo, github: { files, tree: head } };
}

function fromVerdict(verdict: Verdict): Result {
  return {
    conclusion: verdict.verdict === 'pass' ? 'success' : 'failure',
    title: renderCheckTitle(verdict),
    findings: verdict.findings.map((f) => `${f.rule} ${f.path}:${f.line}`).sort(),
  };
}

function fromCheckRun(body: any): Result {
  return {
    conclusion: body.conclusion,
    title: body.output.title,
    findings: body.output.annotations
      .map(
        (a: { title: string; path: string; start_line: number }) =>
          `${a.title} ${a.path}:${a.start_line}`,
      )
      .sort(),
  };
}

async function viaApp(github: FakeRepo, name: string, payload: object): Promise<Result> {
  const recorded = mockGitHub(github);
  const queue = createInProcessQueue({ concurrency: 64 });
  const probot = new Probot({
    appId: 123,
    privateKey,
    Octokit: createAppOctokit({ writeMinTime: 0, notificationMinTime: 0 }).defaults({
      retry: { enabled: false },
    }),
    logLevel: 'fatal',
  });
  await probot.load(createApp({ queue, sweepMs: 0 }), { cwd: process.cwd(), addHandler: () => {} });
  await probot.receive({ id: `${name}-1`, name, payload } as never);
  await queue.idle();
  await queue.close();
  const [run] = writes(recorded, 'POST', /check-runs$/);
  return fromCheckRun(run?.body);
}

describe('the four entry points give the same verdict and report for the same change', () => {
  const { repo, github } = buildChange();
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const entries: Array<[string, () => Promise<Result>]> = [
    [
      'check on a local git repository',
      async () =>
        fromVerdict(
          JSON.parse(
            (
              await runCheckCommand({
                repo: repo.dir,
                base: 'main',
                head: 'feature',
                format: 'json',
              })
            ).stdout,
          ),
        ),
    ],
    [
      'check --pr through the REST API',
      async () => {
        mockGitHub(github);
        const result = await runPrCheckCommand('Codertocat/Hello-World#2', {
          format: 'json',
          token: 't0ken',
        });
        return fromVerdict(JSON.parse(result.stdout));
      },
    ],
    [
      'the App on a pull request',
      () => {
        const payload = pullRequestOpened();
        payload.pull_request.changed_files = github.files.length;
        return viaApp(github, 'pull_request', payload);
      },
    ],
    [
      'the App on a merge group',
      () => {
        const payload = example('merge_group', 'checks_requested');
        payload.installation = { id: 4242, node_id: 'x' };
        payload.repository = pullRequestOpened().repository;
        payload.merge_group.base_ref = 'refs/heads/master';
        return viaApp(github, 'merge_group', payload);
      },
    ],
  ];

  const expected: Result = {
    conclusion: 'failure',
    title: 'Phase 1: 1/2 done · 2 blocking findings',
    findings: ['dev-keys src/pay.ts:2', 'empty-catch src/util.ts:4'],
  };

  it.each(entries)('%s', async (_name, run) => {
    expect(await run()).toEqual(expected);
  });
});
