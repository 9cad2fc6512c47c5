import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { Ajv, type ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

interface Operation {
  method: string;
  pattern: RegExp;
  template: string;
  schema: object | null;
  validate?: ValidateFunction | null;
}

/** OpenAPI 3.0's `nullable` as JSON Schema: `type: [t, 'null']`. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node))
    if (key !== 'nullable' && key !== 'example' && key !== 'examples')
      out[key] = toJsonSchema(value);
  const source = node as { nullable?: boolean; type?: string | string[] };
  if (source.nullable && typeof source.type === 'string') out.type = [source.type, 'null'];
  return out;
}

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });

function validatorOf(operation: Operation): ValidateFunction | null {
  if (operation.validate === undefined)
    operation.validate = operation.schema
      ? ajv.compile(toJsonSchema(operation.schema) as object)
      : null;
  return operation.validate;
}

let operations: Operation[] | null = null;

/** GitHub's published REST description: every request body the App sends is checked against it. */
function loadOperations(): Operation[] {
  if (operations) return operations;
  const spec = require('@octokit/openapi/generated/api.github.com.deref.json') as {
    paths: Record<
      string,
      Record<string, { requestBody?: { content?: Record<string, { schema?: object }> } }>
    >;
  };
  operations = [];
  for (const [template, methods] of Object.entries(spec.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const [method, operation] of Object.entries(methods)) {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      operations.push({
        method: method.toUpperCase(),
        pattern,
        template,
        schema: schema ?? null,
      });
    }
  }
  return operations;
}

export interface Recorded {
  method: string;
  path: string;
  body: any;
  status: number;
}

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  created_at: string;
  html_url: string;
}

export interface FakeState {
  owner: string;
  repo: string;
  head: string;
  base: string;
  files: Array<{ filename: string; status: string; patch?: string }>;
  tree: Record<string, string>;
  comments: FakeComment[];
  permissions: Record<string, string>;
  /** Answers to give once before serving normally: `[method, path regex, status, headers]`. */
  failOnce: Array<[string, RegExp, number, Record<string, string>]>;
}

/**
 * A local fake of the GitHub REST API for one repository, on 127.0.0.1, served under
 * `/api/v3` as GitHub Enterprise Server is. It validates and records every request.
 */
export class FakeGitHub {
  readonly requests: Recorded[] = [];
  readonly invalid: Array<{ method: string; path: string; errors: unknown }> = [];
  readonly unexpected: string[] = [];
  private server: Server | null = null;
  private nextId = 1000;
  private checkRuns: Array<{
    id: number;
    head_sha: string;
    name: string;
    status: string;
    conclusion: string | null;
    output: { title: string | null };
    html_url: string;
  }> = [];
  port = 0;

  constructor(readonly state: FakeState) {
    loadOperations();
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server?.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  checkRunsFor(sha: string): number {
    return this.checkRuns.filter((run) => run.head_sha === sha).length;
  }

  writes(method: string, pattern: RegExp): Recorded[] {
    return this.requests.filter(
      (request) => request.method === method && pattern.test(request.path),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? JSON.parse(raw) : null;
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    const path = url.pathname.replace(/^\/api\/v3/, '');
    const method = req.method ?? 'GET';
    const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method, path, body, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(data));
    };
    const operation = loadOperations().find((op) => op.method === method && op.pattern.test(path));
    if (!operation) {
      this.unexpected.push(`${method} ${path}`);
      return send(404, { message: 'Not Found (fake)' });
    }
    const validate = body !== null ? validatorOf(operation) : null;
    if (validate && !validate(body)) {
      this.invalid.push({ method, path, errors: validate.errors });
      return send(422, { message: 'Validation Failed', errors: validate.errors });
    }
    const failure = this.state.failOnce.findIndex(([m, p]) => m === method && p.test(path));
    if (failure !== -1) {
      const [, , status, headers] = this.state.failOnce.splice(failure, 1)[0] as [
        string,
        RegExp,
        number,
        Record<string, string>,
      ];
      return send(
        status,
        { message: status === 403 ? 'API rate limit exceeded' : 'Server Error' },
        headers,
      );
    }
    this.route(method, path, url, body, send);
  }

  private route(
    method: string,
    path: string,
    url: URL,
    body: any,
    send: (s: number, d: unknown, h?: Record<string, string>) => void,
  ): void {
    const s = this.state;
    const repo = `/repos/${s.owner}/${s.repo}`;
    const api = `http://127.0.0.1:${this.port}/api/v3`;
    let m: RegExpExecArray | null;
    if (method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      return send(201, {
        token: 'ghs_fake',
        expires_at: '2099-01-01T00:00:00Z',
        permissions: { checks: 'write' },
      });
    }
    if (method === 'GET' && path === `${repo}/pulls/2`) {
      return send(200, {
        number: 2,
        draft: false,
        changed_files: s.files.length,
        head: { sha: s.head, ref: 'feature' },
        base: {
          ref: s.base,
          sha: 'b'.repeat(40),
          repo: { html_url: `https://github.example/${s.owner}/${s.repo}` },
        },
      });
    }
    if (method === 'GET' && path === `${repo}/pulls/2/files`) {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const pages = Math.max(1, Math.ceil(s.files.length / perPage));
      const link: Record<string, string> =
        page < pages
          ? {
              link: `<${api}${path}?per_page=${perPage}&page=${page + 1}>; rel="next", <${api}${path}?per_page=${perPage}&page=${pages}>; rel="last"`,
            }
          : {};
      return send(200, s.files.slice((page - 1) * perPage, page * perPage), link);
    }
    if (method === 'GET' && (m = new RegExp(`^${repo}/git/trees/(\\w+)$`).exec(path))) {
      return send(200, {
        sha: m[1],
        truncated: false,
        tree: Object.entries(s.tree).map(([p, text]) => ({
          path: p,
          type: 'blob',
          size: text.length,
        })),
      });
    }
    if (method === 'GET' && (m = new RegExp(`^${repo}/contents/(.+)$`).exec(path))) {
      const text = s.tree[decodeURIComponent(m[1] as string)];
      return text === undefined
        ? send(404, { message: 'Not Found' })
        : send(200, {
            type: 'file',
            encoding: 'base64',
            content: Buffer.from(text).toString('base64'),
          });
    }
    if (method === 'GET' && path === `${repo}/issues/2/comments`) return send(200, s.comments);
    if (method === 'POST' && path === `${repo}/issues/2/comments`) {
      const comment: FakeComment = {
        id: this.nextId++,
        body: body.body,
        user: { login: 'readiness-gate[bot]', type: 'Bot' },
        created_at: new Date().toISOString(),
        html_url: '',
      };
      s.comments.push(comment);
      return send(201, comment);
    }
    if (method === 'PATCH' && (m = new RegExp(`^${repo}/issues/comments/(\\d+)$`).exec(path))) {
      const comment = s.comments.find((c) => c.id === Number(m?.[1]));
      if (comment) comment.body = body.body;
      return send(comment ? 200 : 404, comment ?? { message: 'Not Found' });
    }
    if (method === 'POST' && /\/issues\/comments\/\d+\/reactions$/.test(path))
      return send(201, { id: 1, content: body.content });
    if (method === 'POST' && path === `${repo}/check-runs`) {
      const run = {
        id: this.nextId++,
        head_sha: body.head_sha,
        name: body.name,
        status: body.status ?? 'queued',
        conclusion: null,
        output: { title: null },
        html_url: '',
      };
      this.checkRuns.push(run);
      return send(201, run);
    }
    if (method === 'PATCH' && (m = new RegExp(`^${repo}/check-runs/(\\d+)$`).exec(path))) {
      const run = this.checkRuns.find((r) => r.id === Number(m?.[1]));
      if (!run) return send(404, { message: 'Not Found' });
      Object.assign(run, {
        status: body.status ?? run.status,
        conclusion: body.conclusion ?? run.conclusion,
      });
      return send(200, run);
    }
    if (method === 'GET' && (m = new RegExp(`^${repo}/commits/(\\w+)/check-runs$`).exec(path))) {
      const runs = this.checkRuns
        .filter((r) => r.head_sha === m?.[1] && r.name === url.searchParams.get('check_name'))
        .reverse();
      return send(200, { total_count: runs.length, check_runs: runs.slice(0, 1) });
    }
    if (method === 'GET' && path === `${repo}/branches/${s.base}`)
      return send(200, { name: s.base, protected: false });
    if (method === 'GET' && path === `${repo}/rules/branches/${s.base}`) return send(200, []);
    if (
      method === 'GET' &&
      (m = new RegExp(`^${repo}/collaborators/([^/]+)/permission$`).exec(path))
    ) {
      const role = s.permissions[m[1] as string] ?? 'read';
      return send(200, { permission: role, role_name: role, user: { login: m[1] } });
    }
    this.unexpected.push(`${method} ${path}`);
    send(404, { message: 'Not Found (fake)' });
  }
}
