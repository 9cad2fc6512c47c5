import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseActionEvent, readActionEvent } from '../../src/action/read-action-event.js';
import { commentCreated, example, pullRequestOpened } from '../helpers/webhook-payloads.js';

describe('parseActionEvent on real webhook payloads', () => {
  it('reads a pull_request into owner, repo, number and head SHA', () => {
    const payload = pullRequestOpened();
    expect(parseActionEvent('pull_request', payload)).toEqual({
      kind: 'pull_request',
      event: 'pull_request',
      owner: 'Codertocat',
      repo: 'Hello-World',
      number: 2,
      headSha: payload.pull_request.head.sha,
    });
  });

  it('reads pull_request_target the same way (the payload is the same)', () => {
    expect(
      parseActionEvent('pull_request_target', example('pull_request', 'synchronize')),
    ).toMatchObject({
      kind: 'pull_request',
      event: 'pull_request_target',
      number: expect.any(Number),
      headSha: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
  });

  it('reads a merge_group into its base and head, and the queued pull request from head_ref', () => {
    const payload = example('merge_group', 'checks_requested');
    expect(parseActionEvent('merge_group', payload)).toEqual({
      kind: 'merge_group',
      event: 'merge_group',
      owner: payload.repository.owner.login,
      repo: payload.repository.name,
      mergeGroup: {
        base_sha: payload.merge_group.base_sha,
        head_sha: payload.merge_group.head_sha,
        base_ref: payload.merge_group.base_ref,
        head_ref: payload.merge_group.head_ref,
      },
      headSha: payload.merge_group.head_sha,
    });
  });

  it('reads a /readiness comment on a pull request, without a head SHA', () => {
    expect(
      parseActionEvent('issue_comment', commentCreated('/readiness', { login: 'octocat' })),
    ).toEqual({
      kind: 'pull_request',
      event: 'issue_comment',
      owner: 'Codertocat',
      repo: 'Hello-World',
      number: 2,
      headSha: null,
    });
  });

  it.each([
    [
      'a comment without a command',
      () => commentCreated('looks good to me', { login: 'octocat' }),
      /no `\/readiness` command/,
    ],
    [
      'a bot comment',
      () => commentCreated('/readiness', { login: 'ci[bot]', type: 'Bot' }),
      /bots/,
    ],
    [
      'a comment on an issue',
      () => example('issue_comment', 'created', (p) => !p.issue.pull_request),
      /not a pull request/,
    ],
    ['an edited comment', () => example('issue_comment', 'edited'), /new comment/],
  ])('ignores %s', (_name, payload, reason) => {
    const event = parseActionEvent('issue_comment', payload());
    expect(event.kind).toBe('ignored');
    expect(event.kind === 'ignored' && event.reason).toMatch(reason);
  });

  it('ignores pull request activity that changes nothing', () => {
    expect(parseActionEvent('pull_request', example('pull_request', 'labeled'))).toMatchObject({
      kind: 'ignored',
      reason: '`labeled` changes nothing',
    });
  });

  it.each(['push', 'workflow_dispatch', 'schedule', ''])(
    'rejects %p with the supported events',
    (name) => {
      expect(() => parseActionEvent(name, {})).toThrow(
        /^Unexpected event `.+`, expected one of pull_request, pull_request_target, merge_group, issue_comment/,
      );
    },
  );

  it('names the missing field of a malformed payload', () => {
    const payload = pullRequestOpened();
    delete payload.pull_request.head;
    expect(() => parseActionEvent('pull_request', payload)).toThrow(
      'Unexpected pull_request payload without `pull_request.head.sha`',
    );
  });
});

describe('readActionEvent', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'action-event-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads GITHUB_EVENT_NAME and the payload at GITHUB_EVENT_PATH', async () => {
    const path = join(dir, 'event.json');
    writeFileSync(path, JSON.stringify(example('merge_group', 'checks_requested')));
    await expect(
      readActionEvent({ GITHUB_EVENT_NAME: 'merge_group', GITHUB_EVENT_PATH: path }),
    ).resolves.toMatchObject({ kind: 'merge_group' });
  });

  it('says what is wrong with the environment or the file', async () => {
    await expect(readActionEvent({ GITHUB_EVENT_NAME: 'pull_request' })).rejects.toThrow(
      /without GITHUB_EVENT_PATH, expected to run inside GitHub Actions/,
    );
    await expect(
      readActionEvent({
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: join(dir, 'none.json'),
      }),
    ).rejects.toThrow(/cannot read the event payload .*none\.json/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"action": ');
    await expect(
      readActionEvent({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: broken }),
    ).rejects.toThrow(/expected JSON/);
  });
});
