import { Octokit } from '@octokit/rest';
import { composeConfigGet } from '@probot/octokit-plugin-config';
import nock from 'nock';
import { CONFIG_PATH } from '../../src/core/gate/constants.js';
import {
  followExtends,
  parseBaseConfig,
  type BaseConfig,
} from '../../src/github/read-base-config.js';
import { readReadmeExample } from '../helpers/read-readme-example.js';

const API = 'https://api.github.com';
const ORG_FILE = 'acme/.github:.github/readiness.yml';

/**
 * GitHub's contents API over `files` (`owner/repo:path` → text; a number is an error status):
 * base64 JSON as the project asks for it, raw text as the plugin does. Records what was asked.
 */
function serve(files: Record<string, string | number>): string[] {
  const requested: string[] = [];
  nock(API)
    .persist()
    .get(/^\/repos\/[^/]+\/[^/]+\/contents\/.+/)
    .query(true)
    .reply(function (uri) {
      const [, owner, repo, path] = /^\/repos\/([^/]+)\/([^/]+)\/contents\/([^?]+)/.exec(
        uri,
      ) as unknown as [string, string, string, string];
      const key = `${owner}/${repo}:${decodeURIComponent(path)}`;
      requested.push(key);
      const text = files[key];
      if (text === undefined) return [404, { message: 'Not Found' }];
      if (typeof text === 'number') return [text, { message: 'Server Error' }];
      if (String(this.req.headers.accept).includes('raw'))
        return [200, text, { 'content-type': 'application/vnd.github.raw; charset=utf-8' }];
      return [
        200,
        { type: 'file', encoding: 'base64', content: Buffer.from(text).toString('base64') },
      ];
    });
  return requested;
}

const client = () => new Octokit({ request: { retries: 0 } });
/** The App's reader for `acme/<repo>` whose own base config is `own` (null: none). */
const readFor = (own: string | null, repo = 'shop', octokit = client()): Promise<BaseConfig> =>
  followExtends(octokit, 'acme', parseBaseConfig(own), repo);

describe('org-wide config', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('README: a repository extending the organisation’s file gets both, its own keys winning', async () => {
    serve({ [ORG_FILE]: readReadmeExample('org-config-org') });
    const merged = await readFor(readReadmeExample('org-config-repo'));
    expect(merged.errors).toEqual([]);
    expect(merged.unreadable).toEqual([]);
    expect(merged.origin).toEqual({ own: true, files: [CONFIG_PATH, ORG_FILE] });
    expect(merged.config).toMatchObject({
      whenUnconfigured: 'neutral',
      gate: { phase: 2 },
      ignore: ['vendor/**'],
      rules: { disable: ['cors-localhost'], severity: { 'exit-without-cleanup': 'error' } },
    });
  });

  it('README: a repository without a config of its own gets the organisation’s file', async () => {
    const requested = serve({ [ORG_FILE]: readReadmeExample('org-config-org') });
    const merged = await readFor(null);
    expect(merged.errors).toEqual([]);
    expect(merged.origin).toEqual({ own: false, files: [ORG_FILE] });
    expect(merged.config).toMatchObject({ whenUnconfigured: 'neutral', gate: { phase: 1 } });
    expect(requested).toEqual([ORG_FILE]);
  });

  it.each<[string, string | null, Record<string, string>]>([
    [
      'no config of its own, then two levels of _extends',
      null,
      {
        [ORG_FILE]: '_extends: shared\nuntracked: ignore\n',
        'acme/shared:.github/readiness.yml':
          '_extends: acme/base:policy/readiness.yaml\ncomment: { drafts: true }\n',
        'acme/base:policy/readiness.yaml': 'untracked: open\nwhenUnconfigured: neutral\n',
      },
    ],
    [
      'its own config extending the organisation’s',
      '_extends: .github\nuntracked: ignore\n',
      { [ORG_FILE]: 'untracked: open\nwhenUnconfigured: neutral\n' },
    ],
  ])(
    'reads the same files in the same order as @probot/octokit-plugin-config: %s',
    async (_name, own, files) => {
      serve({ ...files, ...(own === null ? {} : { [`acme/shop:${CONFIG_PATH}`]: own }) });
      const plugin = await composeConfigGet(client(), {
        owner: 'acme',
        repo: 'shop',
        path: CONFIG_PATH,
      });
      const ours = await readFor(own);
      expect(ours.errors).toEqual([]);
      expect(
        ours.origin.files.map((file) => (file === CONFIG_PATH ? `acme/shop:${file}` : file)),
      ).toEqual(
        plugin.files
          .filter((file) => file.config !== null)
          .map((file) => `${file.owner}/${file.repo}:${file.path}`),
      );
      // Top-level values: the nearest file wins, in both.
      expect(ours.config.untracked).toBe(plugin.config.untracked);
      expect(ours.config.whenUnconfigured).toBe(plugin.config.whenUnconfigured);
    },
  );

  it('names the organisation’s file and line in its errors, never its content', async () => {
    serve({ [ORG_FILE]: 'untracked: open\ngate:\n  phase: hunter2-very-secret\n' });
    const merged = await readFor(null);
    expect(merged.errors).toEqual([
      {
        path: ORG_FILE,
        line: 3,
        column: expect.any(Number),
        message: 'Unexpected content in the extended config, expected a valid readiness config',
      },
    ]);
    expect(JSON.stringify(merged.errors)).not.toContain('hunter2');
  });

  it.each<[string, Record<string, string>, RegExp, number]>([
    [
      'a cycle',
      {
        [ORG_FILE]: '_extends: shared\n',
        'acme/shared:.github/readiness.yml': 'untracked: open\n_extends: .github\n',
      },
      /cycle: acme\/\.github:\.github\/readiness\.yml is already part/,
      2,
    ],
    [
      'a chain of more than 5 files',
      Object.fromEntries(
        Array.from({ length: 7 }, (_, i) => [
          i === 0 ? ORG_FILE : `acme/r${i}:.github/readiness.yml`,
          `_extends: r${i + 1}\n`,
        ]),
      ),
      /chain of more than 5 files/,
      1,
    ],
  ])('refuses %s with the file and line of its `_extends`', async (_name, files, message, line) => {
    const requested = serve(files);
    const merged = await readFor(null);
    expect(merged.errors).toEqual([
      expect.objectContaining({ line, message: expect.stringMatching(message) }),
    ]);
    expect(merged.errors[0]?.path).toMatch(/^acme\//);
    expect(requested.length).toBeLessThanOrEqual(5);
  });

  it('refuses an `_extends` to another owner in the organisation’s file without reading it', async () => {
    const requested = serve({ [ORG_FILE]: 'untracked: open\n_extends: evil/secrets:config.yml\n' });
    const merged = await readFor(null);
    expect(merged.errors).toEqual([
      expect.objectContaining({
        path: ORG_FILE,
        line: 2,
        message: expect.stringMatching(/configs are only shared within one owner/),
      }),
    ]);
    expect(requested).toEqual([ORG_FILE]);
  });

  it('fails closed when the organisation’s file cannot be read (anything but a 404)', async () => {
    serve({ [ORG_FILE]: 500 });
    const merged = await readFor(null);
    expect(merged.unreadable).toEqual([`the organisation config ${ORG_FILE}`]);
  });

  it('does not look for a fallback from the `.github` repository itself, nor where it is turned off', async () => {
    const requested = serve({ [ORG_FILE]: 'untracked: ignore\n' });
    expect((await readFor(null, '.github')).origin).toEqual({ own: false, files: [] });
    const action = await followExtends(client(), 'acme', parseBaseConfig(null), 'shop', {
      orgConfig: false,
    });
    expect(action.config.untracked).toBe('open');
    expect(requested).toEqual([]);
  });

  it('reads the organisation’s file once per client and minute', async () => {
    const requested = serve({ [ORG_FILE]: 'untracked: ignore\n' });
    const octokit = client();
    await readFor(null, 'shop', octokit);
    const again = await readFor(null, 'cart', octokit);
    expect(again.config.untracked).toBe('ignore');
    expect(requested).toEqual([ORG_FILE]);
    await readFor(null, 'shop', client());
    expect(requested).toEqual([ORG_FILE, ORG_FILE]);
  });
});
