import { Octokit } from '@octokit/rest';
import nock from 'nock';
import { hardenOctokit } from '../../src/github/harden-octokit.js';

const API = 'https://api.github.com';
const log = { info: () => {}, warn: () => {}, error: () => {} };
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

describe('an installation client', () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('retries a secondary rate limit after retry-after, then gives up', async () => {
    const octokit = hardenOctokit(new Octokit({ log: quiet }), { log, retries: 2 });
    nock(API)
      .get('/repos/o/r')
      .reply(403, { message: 'You have exceeded a secondary rate limit' }, { 'retry-after': '0' })
      .get('/repos/o/r')
      .reply(200, { name: 'r' });
    expect((await octokit.rest.repos.get({ owner: 'o', repo: 'r' })).data).toEqual({ name: 'r' });

    nock(API)
      .get('/repos/o/r')
      .times(3)
      .reply(403, { message: 'You have exceeded a secondary rate limit' }, { 'retry-after': '0' });
    await expect(octokit.rest.repos.get({ owner: 'o', repo: 'r' })).rejects.toMatchObject({
      status: 403,
    });
    expect(nock.isDone()).toBe(true);
  });

  it('does not retry a plain 403', async () => {
    const octokit = hardenOctokit(new Octokit({ log: quiet }), { log });
    const scope = nock(API).get('/repos/o/r').reply(403, { message: 'Resource not accessible' });
    await expect(octokit.rest.repos.get({ owner: 'o', repo: 'r' })).rejects.toMatchObject({
      status: 403,
    });
    expect(scope.isDone()).toBe(true);
  });

  it('gives up on a hung request after its timeout instead of waiting for ever', async () => {
    const octokit = hardenOctokit(new Octokit({ log: quiet }), { log, timeoutMs: 50 });
    nock(API).get('/repos/o/r').delay(5_000).reply(200, {});
    await expect(octokit.rest.repos.get({ owner: 'o', repo: 'r' })).rejects.toThrow();
  });
});
