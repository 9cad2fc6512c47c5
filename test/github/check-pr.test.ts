import nock from 'nock';
import { parsePrRef } from '../../src/core/config/parse-pr-ref.js';
import { runPrCheckCommand } from '../../src/local/run-pr-check-command.js';

const API = 'https://api.github.com';
const HEAD = 'a'.repeat(40);
const BASE_SHA = 'b'.repeat(40);
const b64 = (text: string) => Buffer.from(text).toString('base64');

function mockPullRequest(config: string | null, orgConfig: string | null = null) {
  const scope = nock(API)
    .get('/repos/acme/shop/pulls/7')
    .reply(200, {
      number: 7,
      changed_files: 4,
      head: { sha: HEAD },
      base: {
        ref: 'main',
        sha: 'b'.repeat(40),
        repo: { html_url: 'https://github.com/acme/shop' },
      },
    })
    .get(`/repos/acme/shop/compare/${BASE_SHA}...${HEAD}`)
    .query({ per_page: 1 })
    .reply(200, {
      status: 'ahead',
      files: [
        {
          filename: 'src/pay.ts',
          status: 'modified',
          patch: "@@ -1,1 +1,2 @@\n const a = 1;\n+const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';",
        },
        { filename: 'logo.png', status: 'added' },
        { filename: 'src/generated.ts', status: 'modified' },
        { filename: 'src/ok.ts', status: 'added', patch: '@@ -0,0 +1 @@\n+export const ok = 1;' },
      ],
    })
    .get('/repos/acme/shop/issues/7/comments')
    .query({ per_page: 100 })
    .reply(200, [])
    .get(`/repos/acme/shop/git/trees/${HEAD}`)
    .query({ recursive: 'true' })
    .reply(200, {
      sha: HEAD,
      truncated: false,
      tree: [
        { path: 'ACTION_PLAN.md', type: 'blob' },
        { path: 'src/pay.ts', type: 'blob' },
        { path: 'src', type: 'tree' },
      ],
    })
    .get('/repos/acme/shop/contents/src%2Fgenerated.ts')
    .query({ ref: 'b'.repeat(40) })
    .reply(200, { type: 'file', encoding: 'base64', content: b64('export const a = 1;\n') })
    .get('/repos/acme/shop/contents/src%2Fgenerated.ts')
    .query({ ref: HEAD })
    .reply(200, {
      type: 'file',
      encoding: 'base64',
      content: b64('export const a = 1;\n} catch (e) {}\n'),
    })
    .get(`/repos/acme/shop/contents/ACTION_PLAN.md`)
    .query({ ref: HEAD })
    .reply(200, {
      type: 'file',
      encoding: 'base64',
      content: b64('## Phase 1\n- [x] Ship\n- [ ] Rotate keys\n'),
    });
  const configPath = '/repos/acme/shop/contents/.github%2Freadiness.yml';
  if (config === null)
    scope
      .get(configPath)
      .query({ ref: BASE_SHA })
      .reply(404, { message: 'Not Found' })
      // No config of its own: the owner's organisation-wide config is looked up.
      .get('/repos/acme/.github/contents/.github%2Freadiness.yml')
      .reply(() =>
        orgConfig === null
          ? [404, { message: 'Not Found' }]
          : [200, { type: 'file', encoding: 'base64', content: b64(orgConfig) }],
      );
  else
    scope
      .get(configPath)
      .query({ ref: BASE_SHA })
      .reply(200, { type: 'file', encoding: 'base64', content: b64(config) });
  return scope;
}

describe('readiness-gate check --pr', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('parses PR references', () => {
    expect(parsePrRef('acme/shop#7')).toEqual({ owner: 'acme', repo: 'shop', number: 7 });
    expect(parsePrRef('https://github.com/acme/shop/pull/7/files')).toEqual({
      owner: 'acme',
      repo: 'shop',
      number: 7,
    });
    expect(parsePrRef('acme/shop')).toBeNull();
  });

  it('runs the gate on the base…head comparison, read-only, and lists what was not scanned', async () => {
    const scope = mockPullRequest(null);
    const result = await runPrCheckCommand('acme/shop#7', { format: 'json', token: 't0ken' });
    const output = JSON.parse(result.stdout);
    expect(scope.isDone()).toBe(true);
    expect(result.exitCode).toBe(1);
    expect(output.findings).toMatchObject([
      { rule: 'empty-catch', path: 'src/generated.ts', line: 2 },
      { rule: 'dev-keys', path: 'src/pay.ts', line: 2 },
    ]);
    expect(output.gate.reasons).toEqual([
      'ACTION_PLAN.md: Phase 1 has 1 of 2 items not done.',
      '2 blocking finding(s).',
    ]);
    expect(output.notScanned).toEqual([
      { path: 'logo.png', reason: 'binary file', kind: 'binary' },
    ]);
    expect(output.unreadable).toEqual([]);
    expect(result.stdout).not.toContain('HxAbCdEf');
  });

  it('falls back to the organisation-wide config, like the App, and says where it came from', async () => {
    const scope = mockPullRequest(null, 'rules:\n  disable: [dev-keys, empty-catch]\n');
    const result = await runPrCheckCommand('acme/shop#7', { format: 'json', token: 't0ken' });
    const output = JSON.parse(result.stdout);
    expect(scope.isDone()).toBe(true);
    expect(output.findings).toEqual([]);
    expect(output.configFiles).toEqual(['acme/.github:.github/readiness.yml']);
  });

  it('reads the config from the base branch and links findings to the head commit', async () => {
    mockPullRequest('rules:\n  disable: [dev-keys]\n');
    const result = await runPrCheckCommand('https://github.com/acme/shop/pull/7', {
      format: 'markdown',
      token: 't0ken',
    });
    expect(result.stdout).not.toContain('dev-keys');
    expect(result.stdout).toContain(
      `[ACTION_PLAN.md:3](https://github.com/acme/shop/blob/${HEAD}/ACTION_PLAN.md#L3)`,
    );
  });

  it('explains what is missing without a token or with a bad reference', async () => {
    await expect(
      runPrCheckCommand('acme/shop#7', { format: 'json', token: undefined }),
    ).rejects.toThrow('needs a token in GITHUB_TOKEN');
    await expect(runPrCheckCommand('acme', { format: 'json', token: 'x' })).rejects.toThrow(
      'expected owner/repo#123',
    );
  });

  it('wraps a GitHub failure with what it was reading', async () => {
    nock(API).get('/repos/acme/shop/pulls/7').reply(404, { message: 'Not Found' });
    await expect(runPrCheckCommand('acme/shop#7', { format: 'json', token: 'x' })).rejects.toThrow(
      'GitHub: cannot read pull request acme/shop#7 (HTTP 404): Not Found',
    );
  });
});
