import nock from 'nock';
import { createRestClient } from '../../src/local/create-rest-client.js';

const API = 'https://api.github.com';

describe("the CLI's REST client", () => {
  afterEach(() => nock.cleanAll());

  it('retries a server error', async () => {
    const scope = nock(API)
      .get('/repos/acme/shop')
      .reply(502, { message: 'Bad Gateway' })
      .get('/repos/acme/shop')
      .reply(200, { full_name: 'acme/shop' });
    const octokit = createRestClient('t0ken', undefined, { retryAfterBaseValue: 1 });
    const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'shop' });
    expect(data.full_name).toBe('acme/shop');
    expect(scope.isDone()).toBe(true);
  });

  it('waits out a secondary rate limit as retry-after says, then goes on', async () => {
    const scope = nock(API)
      .get('/repos/acme/shop')
      .reply(
        403,
        { message: 'You have exceeded a secondary rate limit. Please wait a few minutes.' },
        { 'retry-after': '1' },
      )
      .get('/repos/acme/shop')
      .reply(200, { full_name: 'acme/shop' });
    const octokit = createRestClient('t0ken', undefined, { retryAfterBaseValue: 1 });
    const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'shop' });
    expect(data.full_name).toBe('acme/shop');
    expect(scope.isDone()).toBe(true);
  });

  it('does not retry a 404', async () => {
    const scope = nock(API).get('/repos/acme/shop').reply(404, { message: 'Not Found' });
    const octokit = createRestClient('t0ken', undefined, { retryAfterBaseValue: 1 });
    await expect(octokit.rest.repos.get({ owner: 'acme', repo: 'shop' })).rejects.toMatchObject({
      status: 404,
    });
    expect(scope.isDone()).toBe(true);
  });
});
