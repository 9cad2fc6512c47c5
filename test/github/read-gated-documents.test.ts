import { gzipSync } from 'node:zlib';
import { Octokit } from '@octokit/rest';
import nock from 'nock';
import { CHECKS } from '../../src/checks/index.js';
import { DEFAULT_CONFIG, type GateConfig } from '../../src/core/config/config-types.js';
import { runGate } from '../../src/core/gate/run-gate.js';
import { readGatedDocuments } from '../../src/github/read-change.js';
import { loadBuiltinRules } from '../../src/local/load-builtin-rules.js';
import { writeTar } from '../helpers/fake-github-server.js';

const API = 'https://api.github.com';
const PREFIX = '/repos/acme/shop';
const BASE = 'b'.repeat(40);
const HEAD = 'c'.repeat(40);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const rules = loadBuiltinRules().rules;
const b64 = (text: string) => Buffer.from(text).toString('base64');

function serveTarball(tree: Record<string, string>) {
  const top = `acme-shop-${HEAD.slice(0, 7)}/`;
  return nock(API)
    .get(`${PREFIX}/tarball/${HEAD}`)
    .reply(
      200,
      gzipSync(
        writeTar([
          { path: top, directory: true },
          ...Object.entries(tree).map(([path, text]) => ({ path: top + path, text })),
        ]),
      ),
      { 'content-type': 'application/x-gzip' },
    );
}

const read = (
  tree: Record<string, string>,
  files: Array<{ filename: string; status: string; previous_filename?: string }> | null,
  config: GateConfig = DEFAULT_CONFIG,
) =>
  readGatedDocuments(
    new Octokit({ log: quiet }),
    { owner: 'acme', repo: 'shop' },
    {
      baseSha: BASE,
      headSha: HEAD,
      headPaths: Object.keys(tree),
      files: files as never,
      config,
      merged: Promise.resolve({ config, rules }),
    },
  );

describe('readGatedDocuments', () => {
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  const PLAN = '# Plan\n\n## Phase 1\n- [x] Ship\n';

  it('an untouched document is its own base: no read at base, and no repository kept without a linked claim', async () => {
    const scope = serveTarball({ 'ACTION_PLAN.md': PLAN, 'src/a.ts': 'export {};\n' });
    const documents = await read({ 'ACTION_PLAN.md': PLAN, 'src/a.ts': 'export {};\n' }, [
      { filename: 'src/a.ts', status: 'modified' },
    ]);
    expect(scope.isDone()).toBe(true);
    expect(documents).toEqual({
      checklists: [{ path: 'ACTION_PLAN.md', text: PLAN }],
      baseChecklists: [{ path: 'ACTION_PLAN.md', text: PLAN }],
      repository: { files: [], truncated: false },
      unreadable: [],
    });
  });

  it('reads a deleted and a renamed document at base; an added one has no base', async () => {
    const scope = serveTarball({ 'docs/NEW_READINESS.md': PLAN, 'RENAMED_READINESS.md': PLAN })
      .get(`${PREFIX}/contents/GONE_READINESS.md`)
      .query({ ref: BASE })
      .reply(200, { type: 'file', encoding: 'base64', content: b64('# Gone\n- [ ] Load test\n') })
      .get(`${PREFIX}/contents/OLD_READINESS.md`)
      .query({ ref: BASE })
      .reply(200, { type: 'file', encoding: 'base64', content: b64(PLAN) });
    const documents = await read({ 'docs/NEW_READINESS.md': PLAN, 'RENAMED_READINESS.md': PLAN }, [
      { filename: 'GONE_READINESS.md', status: 'removed' },
      {
        filename: 'RENAMED_READINESS.md',
        status: 'renamed',
        previous_filename: 'OLD_READINESS.md',
      },
      { filename: 'docs/NEW_READINESS.md', status: 'added' },
    ]);
    expect(scope.isDone()).toBe(true);
    expect(documents.baseChecklists).toEqual([
      { path: 'GONE_READINESS.md', text: '# Gone\n- [ ] Load test\n' },
      { path: 'OLD_READINESS.md', text: PLAN },
    ]);
    expect(documents.checklists.map((document) => document.path)).toEqual([
      'RENAMED_READINESS.md',
      'docs/NEW_READINESS.md',
    ]);
  });

  it('without the changed files the base is not compared, and said so by its absence', async () => {
    serveTarball({ 'ACTION_PLAN.md': PLAN });
    const documents = await read({ 'ACTION_PLAN.md': PLAN }, null);
    expect(documents.baseChecklists).toBeUndefined();
  });

  it('config `evidence` links need the repository: it is kept whole, and an unreadable one fails closed', async () => {
    const config = { ...DEFAULT_CONFIG, evidence: { ship: ['dev-keys'] } };
    const tree = { 'ACTION_PLAN.md': PLAN, 'src/a.ts': 'export {};\n' };
    serveTarball(tree);
    const whole = await read(tree, [], config);
    expect(whole.repository).toEqual({
      files: [
        { path: 'ACTION_PLAN.md', text: PLAN },
        { path: 'src/a.ts', text: 'export {};\n' },
      ],
      truncated: false,
    });
    nock(API)
      .get(`${PREFIX}/tarball/${HEAD}`)
      .reply(404, { message: 'Not Found' })
      .get(`${PREFIX}/contents/ACTION_PLAN.md`)
      .query({ ref: HEAD })
      .reply(200, { type: 'file', encoding: 'base64', content: b64(PLAN) });
    const failed = await read(tree, [], config);
    expect(failed.checklists).toEqual([{ path: 'ACTION_PLAN.md', text: PLAN }]);
    expect(failed.repository).toBeUndefined();
    expect(failed.unreadable).toEqual([
      'the repository at head (to check the claims of the readiness documents)',
    ]);
  });
});

describe('a capped repository read in the report', () => {
  it('names the caps that cut it', async () => {
    const plan = '# Plan\n\n## Phase 1\n- [x] Remove all dev keys\n';
    const outcome = await runGate(
      {
        target: {
          kind: 'pull_request',
          repository: 'acme/shop',
          number: 1,
          baseRef: 'main',
          baseSha: BASE,
          headSha: HEAD,
          blobUrl: null,
          required: null,
        },
        config: DEFAULT_CONFIG,
        rules,
        errors: [],
        changes: [],
        headPaths: ['ACTION_PLAN.md'],
        checklists: [{ path: 'ACTION_PLAN.md', text: plan }],
        notScanned: [],
        unreadable: [],
        waivers: [],
        repository: {
          files: [{ path: 'ACTION_PLAN.md', text: plan }],
          truncated: true,
          reasons: ['2 files over 1024 KiB'],
        },
      },
      CHECKS,
    );
    expect(outcome.verdict.evidence?.notes).toContain(
      'The repository at head was read only in part (2 files over 1024 KiB): claims were checked against the files read.',
    );
  });
});
