import nock from 'nock';
import { BASE, HEAD, INSTALLATION, OWNER, REPO } from './webhook-payloads.js';

const API = 'https://api.github.com';
const b64 = (text: string) => Buffer.from(text).toString('base64');

export interface RecordedRequest {
  method: string;
  path: string;
  body: any;
}

export interface FakeRepo {
  files: Array<{ filename: string; status: string; patch?: string }>;
  tree: Record<string, string>;
  comments?: Array<{
    id: number;
    body: string;
    user: { login: string; type: string };
    created_at?: string;
  }>;
  permissions?: Record<string, string>;
  config?: string | null;
  required?: boolean;
  head?: string;
  /** Make the file listing fail with this status, as GitHub sometimes does. */
  failFiles?: number;
  /** Check runs that already exist on the head commit. */
  checkRuns?: Array<{
    id: number;
    status: string;
    conclusion: string | null;
    output: { title: string };
    html_url: string;
    external_id?: string;
  }>;
  /** Writes that happen but answer 502, once: `check-run`, `comment`. */
  ambiguousOnce?: Array<'check-run' | 'comment'>;
  /** GitHub truncated the tree listing. */
  truncatedTree?: boolean;
  /** Make every comment POST fail with this status. */
  failComments?: number;
  /** The owner's `.github/readiness.yml` in its `.github` repository (default: none, 404). */
  orgConfig?: string | null;
  /** Whether the App identity endpoint is mocked (default true). */
  app?: boolean;
}

/** The base commit of the mocked pull request: the config is read there. */
export const BASE_SHA = 'b'.repeat(40);

/**
 * A GitHub API for one repository on nock: answers the App's reads from `repo` and records
 * every write, so tests assert exactly what the App sent.
 */
export function mockGitHub(repo: FakeRepo): RecordedRequest[] {
  const head = repo.head ?? HEAD;
  const recorded: RecordedRequest[] = [];
  let nextCheckRun = 1;
  const comments = [...(repo.comments ?? [])].map((comment) => ({
    created_at: '2026-11-20T10:00:00Z',
    html_url: `https://github.com/${OWNER}/${REPO}/pull/2#issuecomment-${comment.id}`,
    ...comment,
  }));
  const base = `/repos/${OWNER}/${REPO}`;
  const runs = [...(repo.checkRuns ?? [])];
  const ambiguous = new Set(repo.ambiguousOnce ?? []);
  const once = (what: 'check-run' | 'comment') => ambiguous.delete(what);
  if (repo.app !== false)
    nock(API)
      .persist()
      .get('/app')
      .reply(200, { id: 123, slug: 'readiness-gate', name: 'Readiness Gate' });
  nock(API)
    .persist()
    .post(`/app/installations/${INSTALLATION}/access_tokens`)
    .reply(201, {
      token: 'ghs_test',
      expires_at: '2099-01-01T00:00:00Z',
      permissions: { checks: 'write', contents: 'read', pull_requests: 'write', issues: 'write' },
    })
    .post(`${base}/check-runs`)
    .reply(function (uri, body) {
      recorded.push({ method: 'POST', path: uri, body });
      const run = body as { head_sha: string; external_id?: string; status?: string };
      const created = {
        id: nextCheckRun++,
        head_sha: run.head_sha,
        status: run.status ?? 'queued',
        conclusion: null,
        output: { title: '' },
        html_url: '',
        ...(run.external_id ? { external_id: run.external_id } : {}),
      };
      runs.unshift(created);
      if (once('check-run')) return [502, { message: 'Bad Gateway' }];
      return [201, created];
    })
    .patch(/\/check-runs\/\d+$/)
    .reply(function (uri, body) {
      recorded.push({ method: 'PATCH', path: uri, body });
      return [200, { id: Number(uri.split('/').pop()) }];
    })
    .get(`${base}/pulls/2`)
    .reply(200, {
      number: 2,
      draft: false,
      changed_files: repo.files.length,
      user: { login: 'Codertocat', type: 'User' },
      head: { sha: head, ref: 'feature' },
      base: {
        ref: BASE,
        sha: BASE_SHA,
        repo: { html_url: `https://github.com/${OWNER}/${REPO}` },
      },
    })
    .get(`${base}/pulls/2/files`)
    .query(true)
    .reply(() =>
      repo.failFiles ? [repo.failFiles, { message: 'Server Error' }] : [200, repo.files],
    )
    .get(/\/git\/trees\/\w+$/)
    .query(true)
    .reply(200, {
      sha: head,
      truncated: repo.truncatedTree ?? false,
      tree: Object.keys(repo.tree).map((path) => ({
        path,
        type: 'blob',
        size: repo.tree[path]?.length,
      })),
    })
    .get(`${base}/pulls`)
    .query(true)
    .reply(200, [{ number: 2 }])
    .get(/\/compare\/\w+\.\.\.\w+$/)
    .query(true)
    .reply(() =>
      repo.failFiles
        ? [repo.failFiles, { message: 'Server Error' }]
        : [200, { status: 'ahead', files: repo.files }],
    )
    .get(`${base}/contents/.github%2Freadiness.yml`)
    .query(true)
    .reply((uri) => {
      // The head commit serves the tree (the PR's own version); any other ref is the base.
      const ref = new URL(uri, API).searchParams.get('ref');
      const text = ref === head ? repo.tree['.github/readiness.yml'] : repo.config;
      return text
        ? [200, { type: 'file', encoding: 'base64', content: b64(text) }]
        : [404, { message: 'Not Found' }];
    })
    .get(new RegExp(`^${base}/contents/[^?]+`))
    .query(true)
    .reply((uri) => {
      const path = decodeURIComponent(uri.split('/contents/')[1]?.split('?')[0] ?? '');
      const text = repo.tree[path];
      return text === undefined
        ? [404, { message: 'Not Found' }]
        : [200, { type: 'file', encoding: 'base64', content: b64(text) }];
    })
    .get(`/repos/${OWNER}/.github/contents/.github%2Freadiness.yml`)
    .query(true)
    .reply(() =>
      repo.orgConfig
        ? [200, { type: 'file', encoding: 'base64', content: b64(repo.orgConfig) }]
        : [404, { message: 'Not Found' }],
    )
    .get(`${base}/issues/2/comments`)
    .query(true)
    .reply(200, () => comments)
    .get(`${base}/branches/${BASE}`)
    .reply(200, {
      name: BASE,
      protected: true,
      protection: {
        enabled: true,
        required_status_checks: {
          enforcement_level: 'everyone',
          contexts: repo.required ? ['Readiness Gate'] : [],
          checks: [],
        },
      },
    })
    .get(`${base}/rules/branches/${BASE}`)
    .reply(200, [])
    .get(/\/collaborators\/[^/]+\/permission$/)
    .reply((uri) => {
      const login = uri.split('/').at(-2) as string;
      return [
        200,
        {
          permission: repo.permissions?.[login] ?? 'read',
          role_name: repo.permissions?.[login] ?? 'read',
          user: { login },
        },
      ];
    })
    .post(`${base}/issues/2/comments`)
    .reply(function (uri, body) {
      recorded.push({ method: 'POST', path: uri, body });
      if (repo.failComments) return [repo.failComments, { message: 'Server Error' }];
      const created = {
        id: 5000 + recorded.length,
        body: (body as { body: string }).body,
        user: { login: 'readiness-gate[bot]', type: 'Bot' },
        created_at: '2026-11-21T10:00:00Z',
        html_url: '',
      };
      comments.push(created);
      if (once('comment')) return [502, { message: 'Bad Gateway' }];
      return [201, created];
    })
    .patch(/\/issues\/comments\/\d+$/)
    .reply(function (uri, body) {
      recorded.push({ method: 'PATCH', path: uri, body });
      const comment = comments.find((c) => c.id === Number(uri.split('/').pop()));
      if (comment) comment.body = (body as { body: string }).body;
      return [200, comment ?? {}];
    })
    .post(/\/issues\/comments\/\d+\/reactions$/)
    .reply(function (uri, body) {
      recorded.push({ method: 'POST', path: uri, body });
      return [201, {}];
    })
    .get(/\/commits\/[0-9a-f]+\/check-runs/)
    .query(true)
    .reply(200, () => ({ total_count: runs.length, check_runs: runs }));
  return recorded;
}

export function writes(
  recorded: RecordedRequest[],
  method: string,
  pattern: RegExp,
): RecordedRequest[] {
  return recorded.filter((request) => request.method === method && pattern.test(request.path));
}
