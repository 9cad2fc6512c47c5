import type { Octokit } from '@octokit/rest';
import type { GateOutcome } from '../../src/core/gate/gate-snapshot.js';
import { createCheckRunSink } from '../../src/github/create-check-run-sink.js';
import { createRunSweeper } from '../../src/github/create-run-sweeper.js';
import { createSharedHeads } from '../../src/github/create-shared-heads.js';

const SHA = 'a'.repeat(40);
const repo = { owner: 'o', repo: 'r' };
const identity = { appId: 1, botLogin: 'readiness-gate[bot]' };
const log = { info: () => {}, warn: () => {}, error: () => {} };

function outcome(pass: boolean, baseRef = 'main'): GateOutcome {
  return {
    target: {
      kind: 'pull_request',
      repository: 'o/r',
      number: 2,
      baseRef,
      baseSha: 'b'.repeat(40),
      headSha: SHA,
      blobUrl: null,
      required: null,
    },
    verdict: {
      verdict: pass ? 'pass' : 'fail',
      gate: { phases: [1], green: pass, reasons: pass ? [] : ['1 blocking finding(s).'] },
      findings: [],
      documents: [],
      errors: [],
    },
    waivers: [],
    acknowledge: [],
    notScanned: [],
    unreadable: [],
    config: { comment: { drafts: false } },
  };
}

/** A GitHub client that records calls; `create` and `update` can be made to fail. */
function fakeGitHub(options: { createAnswer?: (body: any) => any; failUpdate?: number } = {}) {
  const calls: Array<[string, any]> = [];
  const runs: any[] = [];
  let failUpdate = options.failUpdate ?? 0;
  const octokit = {
    rest: {
      checks: {
        create: async (body: any) => {
          calls.push(['create', body]);
          const run = {
            id: runs.length + 1,
            head_sha: body.head_sha,
            status: body.status,
            external_id: body.external_id,
          };
          runs.push(run);
          return { data: options.createAnswer ? options.createAnswer(run) : run };
        },
        update: async (body: any) => {
          calls.push(['update', body]);
          if (failUpdate > 0) {
            failUpdate--;
            throw Object.assign(new Error('Server Error'), { status: 500 });
          }
          return { data: {} };
        },
        listForRef: async () => {
          calls.push(['list', null]);
          return { data: { total_count: runs.length, check_runs: runs } };
        },
      },
    },
  } as unknown as Octokit;
  return { octokit, calls, runs };
}

describe('the check-run sink', () => {
  it('validates the created run: an answer without a matching id is looked up by external id', async () => {
    const github = fakeGitHub({ createAnswer: () => ({}) });
    const sink = createCheckRunSink(github.octokit, {
      repo,
      headSha: SHA,
      evaluationId: 'eval-1',
      identity,
      log,
    });
    const result = await sink.publish(outcome(true));
    expect(result).toMatchObject({ status: 'published', checkRunId: 1, conclusion: 'success' });
    expect(github.calls.map(([name]) => name)).toEqual(['create', 'list']);
  });

  it('discards a superseded evaluation, and cancels the run it had started', async () => {
    const github = fakeGitHub();
    const sink = createCheckRunSink(github.octokit, {
      repo,
      headSha: SHA,
      evaluationId: 'eval-2',
      identity,
      log,
      isSuperseded: () => true,
    });
    await sink.start();
    const result = await sink.publish(outcome(false));
    expect(result.status).toBe('superseded');
    expect(
      github.calls.map(([name, body]) => `${name}:${body?.status}:${body?.conclusion ?? ''}`),
    ).toEqual(['create:in_progress:', 'update:completed:cancelled']);
  });

  it('never leaves a run in progress: a failed conclusion is swept to a failure later', async () => {
    const github = fakeGitHub({ failUpdate: 1 });
    const sweeper = createRunSweeper(log);
    const sink = createCheckRunSink(github.octokit, {
      repo,
      headSha: SHA,
      evaluationId: 'eval-3',
      identity,
      log,
      sweeper,
    });
    await sink.start();
    await expect(sink.publish(outcome(true))).rejects.toThrow('cannot conclude the check run');
    expect(sweeper.size()).toBe(1);
    expect(await sweeper.sweep()).toBe(1);
    expect(github.calls.at(-1)?.[1]).toMatchObject({
      check_run_id: 1,
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'Readiness Gate could not finish' },
    });
    expect(sweeper.size()).toBe(0);
  });

  it('concludes this App’s abandoned in-progress runs on the SHA, not fresh ones or other apps’', async () => {
    const github = fakeGitHub();
    const old = new Date(Date.now() - 60 * 60_000).toISOString();
    github.runs.push(
      { id: 41, status: 'in_progress', started_at: old, app: { id: 1 }, external_id: 'x' },
      { id: 42, status: 'in_progress', started_at: new Date().toISOString(), app: { id: 1 } },
      { id: 43, status: 'in_progress', started_at: old, app: { id: 99 } },
    );
    const sink = createCheckRunSink(github.octokit, {
      repo,
      headSha: SHA,
      evaluationId: 'e',
      identity,
      log,
    });
    expect(await sink.concludeStale()).toBe(1);
    expect(github.calls.filter(([name]) => name === 'update').map(([, body]) => body)).toEqual([
      expect.objectContaining({ check_run_id: 41, status: 'completed', conclusion: 'failure' }),
    ]);
  });

  it('concludes a head SHA shared by PRs into different bases with the strictest verdict, listing each', async () => {
    const github = fakeGitHub();
    const sharedHeads = createSharedHeads();
    const state = (number: number) => ({
      number,
      state: { pull: { draft: true } as never, comments: [], sticky: null, acks: new Map() },
    });
    const publish = (number: number, pass: boolean, base: string) =>
      createCheckRunSink(github.octokit, {
        repo,
        headSha: SHA,
        evaluationId: `eval-${number}-${base}`,
        identity,
        log,
        pr: state(number),
        sharedHeads,
      }).publish(outcome(pass, base));
    expect((await publish(2, true, 'main')).conclusion).toBe('success');
    expect((await publish(3, false, 'release')).conclusion).toBe('failure');
    // PR 2 evaluated again, still passing on its own: the run on the shared SHA stays failing.
    expect((await publish(2, true, 'main')).conclusion).toBe('failure');
    const summary = github.calls.filter(([name]) => name === 'create').at(-1)?.[1].output
      .summary as string;
    expect(summary).toContain('| #2 | `main` | ✅');
    expect(summary).toContain('| #3 | `release` | ❌');
  });
});
