import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ACTION_BUILD, renderLicenses } from '../../scripts/build-action.js';
import { HEAD, pullRequestOpened } from '../helpers/webhook-payloads.js';
import { repoRoot } from '../helpers/paths.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

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
    let dir: string;
    let server: Server;
    const requests: string[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'action-bundle-'));
      // Only what `uses: owner/readiness-gate@v1` puts on the runner and the bundle reads.
      mkdirSync(join(dir, 'dist-action'));
      cpSync(`${repoRoot}dist-action/index.mjs`, join(dir, 'dist-action/index.mjs'));
      cpSync(`${repoRoot}rules`, join(dir, 'rules'), { recursive: true });
      const routes: Record<string, unknown> = {
        '/repos/Codertocat/Hello-World/pulls/2': {
          number: 2,
          changed_files: 1,
          head: { sha: HEAD },
          base: {
            ref: 'master',
            sha: 'b'.repeat(40),
            repo: { html_url: 'https://github.com/Codertocat/Hello-World' },
          },
        },
        '/repos/Codertocat/Hello-World/pulls/2/files?per_page=100': [
          {
            filename: 'src/pay.ts',
            status: 'modified',
            patch: "@@ -1,1 +1,2 @@\n const a = 1;\n+const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';",
          },
        ],
        [`/repos/Codertocat/Hello-World/git/trees/${HEAD}?recursive=true`]: {
          truncated: false,
          tree: [{ path: 'ACTION_PLAN.md', type: 'blob', size: 40 }],
        },
        [`/repos/Codertocat/Hello-World/contents/ACTION_PLAN.md?ref=${HEAD}`]: {
          type: 'file',
          content: b64('## Phase 1\n- [x] Ship\n- [x] Rotate keys\n'),
        },
      };
      server = createServer((req, res) => {
        requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
        const body = routes[req.url ?? ''];
        res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body ?? { message: 'Not Found' }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    });

    it('annotates, writes the summary and exits with the verdict', async () => {
      const eventPath = join(dir, 'event.json');
      const summaryPath = join(dir, 'summary.md');
      writeFileSync(eventPath, JSON.stringify(pullRequestOpened()));
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
                GITHUB_EVENT_NAME: 'pull_request',
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
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /^::error file=src\/pay\.ts,line=2,endLine=2,title=dev-keys::Unexpected hard-coded credential/m,
      );
      expect(readFileSync(summaryPath, 'utf8')).toContain('1 blocking finding(s).');
      expect(requests.every((line) => line.endsWith(' token ghs_bundleTest'))).toBe(true);
    });
  });
});
