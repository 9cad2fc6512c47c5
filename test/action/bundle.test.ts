import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { ACTION_BUILD, renderLicenses } from '../../scripts/build-action.js';
import { HEAD, example, pullRequestOpened } from '../helpers/webhook-payloads.js';
import { repoRoot } from '../helpers/paths.js';
import { writeTar } from '../helpers/fake-github-server.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const KEY_PATCH = "@@ -1,1 +1,2 @@\n const a = 1;\n+const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';";
const OK_PATCH = '@@ -0,0 +1 @@\n+export const ok = 1;';
const PLAN = '## Phase 1\n- [x] Ship\n- [x] Rotate keys\n';

describe('the committed Action bundle', () => {
  it('is what `npm run build:action` builds from the sources today', async () => {
    const result = await build({ ...ACTION_BUILD, write: false });
    const built = result.outputFiles?.[0]?.text ?? '';
    const committed = readFileSync(`${repoRoot}dist-action/index.mjs`, 'utf8');
    // A stale bundle means users run other code than the tests checked.
    if (built !== committed)
      throw new Error('dist-action/index.mjs is stale: run `npm run build:action` and commit it');
    expect(built.length).toBeGreaterThan(0);
    // The notices of every bundled package ship with it.
    const licenses = readFileSync(`${repoRoot}dist-action/licenses.txt`, 'utf8');
    if (result.metafile && renderLicenses(result.metafile) !== licenses)
      throw new Error(
        'dist-action/licenses.txt is stale: run `npm run build:action` and commit it',
      );
    expect(licenses).toMatch(/^@octokit\/rest@\S+ \(MIT\)$/m);
  });

  describe('run with node alone, no node_modules, against a local GitHub', () => {
    const group = example('merge_group', 'checks_requested');
    const { base_sha: groupBase, head_sha: groupHead } = group.merge_group;
    const queue = `/repos/${group.repository.owner.login}/${group.repository.name}`;
    const pulls = '/repos/Codertocat/Hello-World';
    const routes: Record<string, unknown> = {
      [`${pulls}/pulls/2`]: {
        number: 2,
        changed_files: 1,
        head: { sha: HEAD },
        base: {
          ref: 'master',
          sha: 'b'.repeat(40),
          repo: { html_url: 'https://github.com/Codertocat/Hello-World' },
        },
      },
      [`${pulls}/compare/${'b'.repeat(40)}...${HEAD}?per_page=1`]: {
        files: [{ filename: 'src/pay.ts', status: 'modified', patch: KEY_PATCH }],
      },
      [`${pulls}/issues/2/comments?per_page=100`]: [],
      // The tree at head in one archive, read by the bundled tar reader.
      [`${pulls}/tarball/${HEAD}`]: gzipSync(
        writeTar([
          { path: 'Codertocat-Hello-World-ec26c3e/', directory: true },
          { path: 'Codertocat-Hello-World-ec26c3e/ACTION_PLAN.md', text: PLAN },
        ]),
      ),
      [`${pulls}/git/trees/${HEAD}?recursive=true`]: {
        truncated: false,
        tree: [{ path: 'ACTION_PLAN.md', type: 'blob', size: PLAN.length }],
      },
      [`${queue}/compare/${groupBase}...${groupHead}?per_page=1`]: {
        files: [{ filename: 'src/ok.ts', status: 'added', patch: OK_PATCH }],
      },
      [`${queue}/git/trees/${groupHead}?recursive=true`]: {
        truncated: false,
        tree: [{ path: 'docs/PRODUCTION_READINESS.md', type: 'blob', size: PLAN.length }],
      },
      // The queued pull request (from head_ref), for the waivers it acknowledged.
      [`${queue}/pulls/104`]: { number: 104, user: { login: 'octocat', type: 'User' } },
      [`${queue}/issues/104/comments?per_page=100`]: [],
      // No archive here: the document is then read on its own.
      [`${queue}/contents/docs%2FPRODUCTION_READINESS.md?ref=${groupHead}`]: {
        type: 'file',
        content: b64(PLAN),
      },
    };
    let dir: string;
    let server: Server;
    const requests: string[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'action-bundle-'));
      // Only what `uses: owner/readiness-gate@v1` puts on the runner and the bundle reads.
      mkdirSync(join(dir, 'dist-action'));
      cpSync(`${repoRoot}dist-action/index.mjs`, join(dir, 'dist-action/index.mjs'));
      cpSync(`${repoRoot}rules`, join(dir, 'rules'), { recursive: true });
      server = createServer((req, res) => {
        requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
        const body = routes[req.url ?? ''];
        if (Buffer.isBuffer(body)) {
          res.writeHead(200, { 'content-type': 'application/x-gzip' });
          res.end(body);
          return;
        }
        res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body ?? { message: 'Not Found' }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    });

    async function runBundle(event: string, payload: unknown) {
      const eventPath = join(dir, `${event}.json`);
      const summaryPath = join(dir, `${event}-summary.md`);
      writeFileSync(eventPath, JSON.stringify(payload));
      writeFileSync(summaryPath, '');
      const { port } = server.address() as AddressInfo;
      const result = await new Promise<{ code: number; stdout: string; stderr: string }>(
        (resolve) => {
          execFile(
            process.execPath,
            [join(dir, 'dist-action/index.mjs')],
            {
              cwd: dir,
              env: {
                PATH: process.env.PATH,
                GITHUB_EVENT_NAME: event,
                GITHUB_EVENT_PATH: eventPath,
                GITHUB_STEP_SUMMARY: summaryPath,
                GITHUB_API_URL: `http://127.0.0.1:${port}`,
                INPUT_TOKEN: 'ghs_bundleTest',
                INPUT_COMMENT: 'false',
              },
            },
            (error, stdout, stderr) =>
              resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
          );
        },
      );
      return { ...result, summary: readFileSync(summaryPath, 'utf8') };
    }

    it('pull_request: annotates, writes the summary and exits 1 on a blocking finding', async () => {
      const result = await runBundle('pull_request', pullRequestOpened());
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /^::error file=src\/pay\.ts,line=2,endLine=2,title=dev-keys::Unexpected hard-coded Stripe secret key/m,
      );
      expect(result.summary).toContain('## Readiness Gate: ❌ fail');
      expect(result.summary).toContain('1 blocking finding(s).');
      expect(requests.every((line) => line.endsWith(' token ghs_bundleTest'))).toBe(true);
      expect(requests).toContain(`GET ${pulls}/tarball/${HEAD} token ghs_bundleTest`);
      expect(requests).not.toContain(
        `GET ${pulls}/contents/ACTION_PLAN.md?ref=${HEAD} token ghs_bundleTest`,
      );
    });

    it('merge_group: the queue commit passes, summary written, exit 0', async () => {
      const result = await runBundle('merge_group', group);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).not.toMatch(/^::/m);
      expect(result.summary).toContain('## Readiness Gate: ✅ pass');
      expect(requests).toContain(
        `GET ${queue}/compare/${groupBase}...${groupHead}?per_page=1 token ghs_bundleTest`,
      );
    });
  });
});
