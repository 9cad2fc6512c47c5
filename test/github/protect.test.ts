import nock from 'nock';
import { runProtectCommand } from '../../src/local/run-protect-command.js';

const API = 'https://api.github.com';
const base = '/repos/acme/shop/branches/main/protection';
const run = () => runProtectCommand({ repo: 'acme/shop', branch: undefined, token: 't' });

describe('readiness-gate protect', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  const defaultBranch = () =>
    nock(API).get('/repos/acme/shop').reply(200, { default_branch: 'main' });

  it('changes nothing when the check is already required', async () => {
    defaultBranch();
    nock(API)
      .get(base)
      .reply(200, { required_status_checks: { contexts: ['Readiness Gate'], checks: [] } });
    expect(await run()).toEqual({
      stdout: 'acme/shop@main already requires "Readiness Gate": nothing changed.\n',
      exitCode: 0,
    });
    expect(nock.isDone()).toBe(true);
  });

  it('adds the check beside the existing ones', async () => {
    defaultBranch();
    let sent: unknown;
    nock(API)
      .get(base)
      .reply(200, { required_status_checks: { contexts: ['ci'], checks: [{ context: 'ci' }] } })
      .post(`${base}/required_status_checks/contexts`, (body) => {
        sent = body;
        return true;
      })
      .reply(200, ['ci', 'Readiness Gate']);
    expect((await run()).stdout).toBe(
      'acme/shop@main: added "Readiness Gate" to the required status checks (kept 1 existing).\n',
    );
    expect(sent).toEqual(['Readiness Gate']);
  });

  it('keeps the other settings when turning status checks on', async () => {
    defaultBranch();
    let sent: any;
    nock(API)
      .get(base)
      .reply(200, {
        enforce_admins: { enabled: true },
        required_pull_request_reviews: {
          dismiss_stale_reviews: true,
          require_code_owner_reviews: false,
          required_approving_review_count: 2,
        },
        required_linear_history: { enabled: true },
      })
      .put(base, (body) => {
        sent = body;
        return true;
      })
      .reply(200, {});
    await run();
    expect(sent).toMatchObject({
      required_status_checks: { strict: false, contexts: ['Readiness Gate'] },
      enforce_admins: true,
      required_pull_request_reviews: {
        dismiss_stale_reviews: true,
        required_approving_review_count: 2,
      },
      required_linear_history: true,
      restrictions: null,
    });
  });

  it('protects an unprotected branch with only the check', async () => {
    defaultBranch();
    nock(API).get(base).reply(404, { message: 'Branch not protected' }).put(base).reply(200, {});
    expect((await run()).stdout).toMatch(
      /was not protected: added branch protection that requires "Readiness Gate"/,
    );
  });

  it('explains a missing token, a bad repo and missing admin rights', async () => {
    await expect(
      runProtectCommand({ repo: 'acme/shop', branch: 'main', token: undefined }),
    ).rejects.toThrow('admin rights');
    await expect(runProtectCommand({ repo: 'acme', branch: 'main', token: 't' })).rejects.toThrow(
      'expected owner/name',
    );
    nock(API).get(base).reply(403, { message: 'Resource not accessible by integration' });
    await expect(
      runProtectCommand({ repo: 'acme/shop', branch: 'main', token: 't' }),
    ).rejects.toThrow('(HTTP 403)');
  });
});
