import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { Ajv, type ValidateFunction } from 'ajv';
import { listenOnLoopback } from './listen-on-loopback.js';
import { closeServer } from './close-server.js';

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
    // A file path or a ref at the end may hold slashes (`contents/docs/a.md`).
    const pattern = new RegExp(
      `^${template.replace(/\{(path|ref)\}$/, '.+').replace(/\{[^}]+\}/g, '[^/]+')}$`,
    );
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
  /** The status the client saw; 0 when it got no complete answer (cut off or hung). */
  status: number;
}

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  created_at: string;
  html_url: string;
}

export interface FakeFile {
  filename: string;
  status: string;
  patch?: string;
  previous_filename?: string;
}

export interface FakeState {
  owner: string;
  repo: string;
  head: string;
  base: string;
  files: FakeFile[];
  /** Files at head (and at base unless `baseTree` is given): path → text. */
  tree: Record<string, string>;
  comments: FakeComment[];
  permissions: Record<string, string>;
  /** Answers to give once before serving normally: `[method, path regex, status, headers]`. */
  failOnce: Array<[string, RegExp, number, Record<string, string>]>;
  /** The pull request's number (default 2). */
  number?: number;
  /** The base branch's commit (default 'b' × 40). */
  baseSha?: string;
  /** Files at the base (ref `base` or `baseSha`), when they differ from `tree`. */
  baseTree?: Record<string, string>;
  /** Changed files of older heads, served by the compare endpoint for those SHAs. */
  filesAt?: Record<string, FakeFile[]>;
  /**
   * More open pull requests of this repository from the same head (GitHub's shared head SHA):
   * into other bases, with their own changed files (default: `files`).
   */
  otherPulls?: Array<{ number: number; base: string; baseSha?: string; files?: FakeFile[] }>;
  /** GitHub cut the tree listing short (`truncated: true`). */
  treeTruncated?: boolean;
  /** Classic branch protection per branch; absent means not protected. */
  protection?: Record<string, { required_status_checks: { strict: boolean; contexts: string[] } }>;
}

/** A fault or a delay injected into the answers of the requests it matches. */
export interface Fault {
  /** HTTP method to match; any when absent. */
  method?: string;
  /** The path (without `/api/v3` and the query): a RegExp, or a string for an exact match. */
  path: RegExp | string;
  /** 1-based numbers of the matching calls it applies to (counted per fault). */
  calls?: number[];
  /** Applies to the first N matching calls (default: every call, unless `calls` is given). */
  times?: number;
  /** Delay before the request is served (added up over matching faults). */
  latencyMs?: number;
  /** Answer with this status (e.g. 500, 502, 404). */
  status?: number;
  /** The JSON body of a `status` answer (default `{ message }`). */
  body?: unknown;
  headers?: Record<string, string>;
  /** 403 with `retry-after` (default 1 s) and GitHub's "secondary rate limit" message. */
  secondaryRateLimit?: boolean;
  retryAfter?: number;
  /**
   * The real answer is cut off: the socket is destroyed right after the headers, or after half
   * of the body. GitHub did the work (a write took effect), the client cannot know it.
   */
  cut?: 'after-headers' | 'mid-body';
  /** Never answers (the socket stays open until the client gives up or the fake stops). */
  hang?: boolean;
  /**
   * For `status` and `hang`: 'before' (default) the request is not served; 'after' GitHub
   * served it (a write took effect) and then answered with the fault: an ambiguous failure.
   */
  when?: 'before' | 'after';
}

interface ActiveFault extends Fault {
  matched: number;
  applied: number;
}

export interface LogEntry {
  seq: number;
  method: string;
  path: string;
  query: string;
  /** From the `ghs_fake_<id>` token the request carried; null without one. */
  installationId: number | null;
  /** performance.now() when the request arrived and when its answer ended (null while hung). */
  start: number;
  end: number | null;
  status: number;
  outcome: 'ok' | 'fault' | 'cut' | 'hung' | 'invalid' | 'unexpected';
}

/**
 * The longest chain of requests each starting after the previous one ended: the number of
 * sequential round trips. Requests that overlap count once. With no injected latency a fast
 * fake can answer a "parallel" request before the next arrives, so measure with some latency.
 */
export function sequentialRoundTrips(entries: readonly LogEntry[]): number {
  const sorted = [...entries].sort(
    (a, b) => (a.end ?? Number.POSITIVE_INFINITY) - (b.end ?? Number.POSITIVE_INFINITY),
  );
  let count = 0;
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (const entry of sorted)
    if (entry.start >= lastEnd) {
      count++;
      lastEnd = entry.end ?? Number.POSITIVE_INFINITY;
    }
  return count;
}

export interface FakeCheckRun {
  id: number;
  head_sha: string;
  name: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
  details_url: string | null;
  started_at: string | null;
  completed_at: string | null;
  output: {
    title: string | null;
    summary: string | null;
    text: string | null;
    annotations_count: number;
  };
  html_url: string;
  app: { id: number; slug: string };
  pull_requests: unknown[];
  /** Every annotation sent, in order (GitHub appends them across updates). */
  annotations: unknown[];
  /** Repository it belongs to, `owner/repo`. */
  repository: string;
}

type Send = (status: number, data: unknown, headers?: Record<string, string>) => void;

/** A minimal ustar writer: enough for GitHub's tarball layout (`<owner>-<repo>-<sha7>/path`). */
export function writeTar(entries: Array<{ path: string; text?: string; directory?: boolean }>) {
  const blocks: Buffer[] = [];
  const field = (header: Buffer, offset: number, length: number, value: string) =>
    header.write(value.slice(0, length), offset, length, 'utf8');
  const octal = (value: number, length: number) =>
    value.toString(8).padStart(length - 1, '0') + '\0';
  for (const entry of entries) {
    const content = Buffer.from(entry.text ?? '', 'utf8');
    const header = Buffer.alloc(512);
    let name = entry.path;
    let prefix = '';
    if (Buffer.byteLength(name) > 100) {
      const cut = name.lastIndexOf('/', 154);
      prefix = name.slice(0, cut);
      name = name.slice(cut + 1);
    }
    field(header, 0, 100, name);
    field(header, 100, 8, entry.directory ? '0000755\0' : '0000644\0');
    field(header, 108, 8, '0000000\0');
    field(header, 116, 8, '0000000\0');
    field(header, 124, 12, octal(entry.directory ? 0 : content.length, 12));
    field(header, 136, 12, octal(0, 12));
    field(header, 148, 8, '        ');
    field(header, 156, 1, entry.directory ? '5' : '0');
    field(header, 257, 6, 'ustar\0');
    field(header, 263, 2, '00');
    field(header, 345, 155, prefix);
    let sum = 0;
    for (const byte of header) sum += byte;
    field(header, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
    blocks.push(header);
    if (!entry.directory && content.length > 0) {
      blocks.push(content);
      const padding = (512 - (content.length % 512)) % 512;
      if (padding) blocks.push(Buffer.alloc(padding));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

const blobSha = (text: string) => {
  const content = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
};

const SECONDARY_RATE_LIMIT =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
  'If you reach out to GitHub Support for help, please include the request ID.';

/**
 * A local fake of the GitHub REST API, on 127.0.0.1, served under `/api/v3` as GitHub
 * Enterprise Server is. It validates every request body against GitHub's OpenAPI description,
 * records every request (`requests`, and `log` with timestamps), serves one pull request per
 * repository (the constructor's, and any added with `addRepo`), and answers with the latency
 * and faults injected with `inject`.
 *
 *     github.inject({ path: /./, latencyMs: 20 });                      // every request
 *     github.inject({ method: 'POST', path: /\/check-runs$/, cut: 'mid-body', times: 1 });
 *     github.inject({ method: 'POST', path: /\/comments$/, status: 502, when: 'after', calls: [1] });
 *     github.inject({ path: /\/pulls\/\d+\/files$/, hang: true, times: 1 });
 *     github.inject({ path: /\/git\/trees\//, secondaryRateLimit: true, times: 1 });
 *     const mark = github.mark();  ...send one event, wait with github.until(...)...
 *     const entries = github.since(mark).filter((e) => !e.path.includes('/access_tokens'));
 *     entries.length; sequentialRoundTrips(entries);
 */
export class FakeGitHub {
  readonly requests: Recorded[] = [];
  readonly invalid: Array<{ method: string; path: string; errors: unknown }> = [];
  readonly unexpected: string[] = [];
  readonly log: LogEntry[] = [];
  readonly checkRuns: FakeCheckRun[] = [];
  /** Reactions per comment id. */
  readonly reactions = new Map<number, Array<{ id: number; content: string; user: object }>>();
  private readonly repos = new Map<string, FakeState>();
  private readonly extraComments = new Map<string, FakeComment[]>();
  private faults: ActiveFault[] = [];
  private server: Server | null = null;
  private nextId = 1000;
  port = 0;

  constructor(readonly state: FakeState) {
    loadOperations();
    this.addRepo(state);
  }

  /** Serves one more repository (and its pull request). */
  addRepo(state: FakeState): void {
    this.repos.set(`${state.owner}/${state.repo}`.toLowerCase(), state);
  }

  /** Injects latency or a fault; returns it with counters (`matched`, `applied`). */
  inject(fault: Fault): Readonly<ActiveFault> {
    const active: ActiveFault = { ...fault, matched: 0, applied: 0 };
    this.faults.push(active);
    return active;
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** A position in the log: `since(mark)` returns what came after it. */
  mark(): number {
    return this.log.length;
  }

  since(mark: number): LogEntry[] {
    return this.log.slice(mark);
  }

  /**
   * Resolves once `condition` holds (checked every 10 ms): webhooks are
   * acknowledged before the work, so a test waits for the work's effect on GitHub.
   */
  async until(condition: () => boolean, what = 'the condition', timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline)
        throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.port = await listenOnLoopback(this.server);
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  checkRunsFor(sha: string): number {
    return this.checkRuns.filter((run) => run.head_sha === sha).length;
  }

  writes(method: string, pattern: RegExp): Recorded[] {
    return this.requests.filter(
      (request) => request.method === method && pattern.test(request.path),
    );
  }

  /** The comments of a pull request of a served repository. */
  commentsOn(owner: string, repo: string, number: number): FakeComment[] {
    const state = this.repos.get(`${owner}/${repo}`.toLowerCase());
    if (!state) return [];
    return this.commentsOf(state, number);
  }

  private commentsOf(state: FakeState, number: number): FakeComment[] {
    if (number === (state.number ?? 2)) return state.comments;
    const key = `${state.owner}/${state.repo}#${number}`;
    let comments = this.extraComments.get(key);
    if (!comments) this.extraComments.set(key, (comments = []));
    return comments;
  }

  private matchingFaults(method: string, path: string): ActiveFault[] {
    const hits: ActiveFault[] = [];
    for (const fault of this.faults) {
      if (fault.method && fault.method.toUpperCase() !== method) continue;
      if (typeof fault.path === 'string' ? fault.path !== path : !fault.path.test(path)) continue;
      fault.matched++;
      const applies = fault.calls
        ? fault.calls.includes(fault.matched)
        : fault.matched <= (fault.times ?? Number.POSITIVE_INFINITY);
      if (applies) {
        fault.applied++;
        hits.push(fault);
      }
    }
    return hits;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    const path = url.pathname.replace(/^\/api\/v3/, '');
    const method = req.method ?? 'GET';
    const token = /ghs_fake_(\d+)/.exec(req.headers.authorization ?? '');
    const entry: LogEntry = {
      seq: this.log.length,
      method,
      path,
      query: url.search,
      installationId: token ? Number(token[1]) : null,
      start: started,
      end: null,
      status: 0,
      outcome: 'ok',
    };
    this.log.push(entry);
    res.on('close', () => {
      if (entry.outcome !== 'hung') entry.end = performance.now();
    });
    const record = (status: number) => {
      entry.status = status;
      this.requests.push({ method, path, body, status });
    };
    const write = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      record(status);
      if (Buffer.isBuffer(data)) {
        res.writeHead(status, { 'content-length': String(data.length), ...headers });
        res.end(data);
      } else {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(data));
      }
    };

    const operation = loadOperations().find((op) => op.method === method && op.pattern.test(path));
    if (!operation) {
      this.unexpected.push(`${method} ${path}`);
      entry.outcome = 'unexpected';
      return write(404, { message: 'Not Found (fake)' });
    }
    const validate = body !== null ? validatorOf(operation) : null;
    if (validate && !validate(body)) {
      this.invalid.push({ method, path, errors: validate.errors });
      entry.outcome = 'invalid';
      return write(422, { message: 'Validation Failed', errors: validate.errors });
    }
    const failure = this.state.failOnce.findIndex(([m, p]) => m === method && p.test(path));
    if (failure !== -1) {
      const [, , status, headers] = this.state.failOnce.splice(failure, 1)[0] as [
        string,
        RegExp,
        number,
        Record<string, string>,
      ];
      entry.outcome = 'fault';
      return write(
        status,
        { message: status === 403 ? 'API rate limit exceeded' : 'Server Error' },
        headers,
      );
    }

    const faults = this.matchingFaults(method, path);
    const latency = faults.reduce((sum, fault) => sum + (fault.latencyMs ?? 0), 0);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const fault = faults.find((f) => f.status || f.secondaryRateLimit || f.cut || f.hang);
    const hang = () => {
      entry.outcome = 'hung';
      record(0);
    };
    const answerWithFault = (active: ActiveFault) => {
      entry.outcome = 'fault';
      if (active.secondaryRateLimit)
        return write(
          403,
          {
            message: SECONDARY_RATE_LIMIT,
            documentation_url:
              'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          },
          { 'retry-after': String(active.retryAfter ?? 1), ...active.headers },
        );
      const status = active.status as number;
      write(
        status,
        active.body ?? { message: status === 404 ? 'Not Found' : 'Server Error (fake)' },
        active.headers,
      );
    };
    if (fault && !fault.cut && (fault.when ?? 'before') === 'before')
      return fault.hang ? hang() : answerWithFault(fault);

    const served: Send =
      fault && (fault.cut || fault.hang || fault.when === 'after')
        ? (status, data, headers = {}) => {
            if (fault.hang) return hang();
            if (!fault.cut) return answerWithFault(fault);
            entry.outcome = 'cut';
            record(0);
            const payload = Buffer.isBuffer(data) ? data : Buffer.from(JSON.stringify(data));
            res.writeHead(status, {
              'content-type': 'application/json',
              'content-length': String(payload.length),
              ...headers,
            });
            if (fault.cut === 'after-headers') {
              res.flushHeaders();
              setImmediate(() => res.socket?.destroy());
            } else
              res.write(payload.subarray(0, Math.floor(payload.length / 2)), () =>
                res.socket?.destroy(),
              );
          }
        : write;
    this.route(method, path, url, body, served);
  }

  private pullOf(state: FakeState, number: number, api: string) {
    const other = state.otherPulls?.find((p) => p.number === number);
    if (number !== (state.number ?? 2) && !other) return null;
    const base = other?.base ?? state.base;
    const baseSha = other?.baseSha ?? state.baseSha ?? 'b'.repeat(40);
    const repository = {
      id: 1,
      name: state.repo,
      full_name: `${state.owner}/${state.repo}`,
      owner: { login: state.owner, type: 'Organization' },
      html_url: `https://github.example/${state.owner}/${state.repo}`,
      url: `${api}/repos/${state.owner}/${state.repo}`,
      default_branch: state.base,
      private: false,
    };
    return {
      url: `${api}/repos/${state.owner}/${state.repo}/pulls/${number}`,
      id: number,
      number,
      state: 'open',
      locked: false,
      draft: false,
      merged: false,
      title: `Pull request ${number}`,
      body: null,
      user: { login: 'octocat', type: 'User' },
      html_url: `https://github.example/${state.owner}/${state.repo}/pull/${number}`,
      changed_files: (other?.files ?? state.files).length,
      additions: state.files.length,
      deletions: 0,
      commits: 1,
      head: {
        sha: state.head,
        ref: 'feature',
        label: `${state.owner}:feature`,
        repo: repository,
        user: { login: state.owner },
      },
      base: {
        sha: baseSha,
        ref: base,
        label: `${state.owner}:${base}`,
        repo: repository,
        user: { login: state.owner },
      },
    };
  }

  private treeAt(state: FakeState, ref: string | null): Record<string, string> {
    if (state.baseTree && ref && (ref === state.base || ref === (state.baseSha ?? 'b'.repeat(40))))
      return state.baseTree;
    return state.tree;
  }

  private filesBetween(state: FakeState, base: string, head: string): FakeFile[] | null {
    if (head !== state.head) return state.filesAt?.[head] ?? null;
    const other = state.otherPulls?.find((p) => p.files && (p.base === base || p.baseSha === base));
    return other?.files ?? state.files;
  }

  /** Pages an array as GitHub does, with a `link` header. */
  private page<T>(items: T[], url: URL, path: string, api: string): [T[], Record<string, string>] {
    const perPage = Number(url.searchParams.get('per_page') ?? 30);
    const page = Number(url.searchParams.get('page') ?? 1);
    const pages = Math.max(1, Math.ceil(items.length / perPage));
    const link: Record<string, string> =
      page < pages
        ? {
            link: `<${api}${path}?per_page=${perPage}&page=${page + 1}>; rel="next", <${api}${path}?per_page=${perPage}&page=${pages}>; rel="last"`,
          }
        : {};
    return [items.slice((page - 1) * perPage, page * perPage), link];
  }

  private route(method: string, path: string, url: URL, body: any, send: Send): void {
    const api = `http://127.0.0.1:${this.port}/api/v3`;
    let m: RegExpExecArray | null;
    if (method === 'POST' && (m = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path))) {
      return send(201, {
        token: `ghs_fake_${m[1]}`,
        expires_at: '2099-01-01T00:00:00Z',
        permissions: { checks: 'write', contents: 'read', pull_requests: 'write', issues: 'write' },
      });
    }
    const repoMatch = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    const s = repoMatch ? this.repos.get(`${repoMatch[1]}/${repoMatch[2]}`.toLowerCase()) : null;
    // An owner without an organisation-wide config: GitHub's own 404, nothing unexpected.
    if (
      !s &&
      method === 'GET' &&
      repoMatch?.[2] === '.github' &&
      repoMatch[3]?.startsWith('/contents/')
    )
      return send(404, { message: 'Not Found' });
    if (!repoMatch || !s) {
      this.unexpected.push(`${method} ${path}`);
      return send(404, { message: 'Not Found (fake)' });
    }
    const rest = repoMatch[3] ?? '';
    const number = s.number ?? 2;
    const pulls = [number, ...(s.otherPulls ?? []).map((p) => p.number)];

    if (method === 'GET' && rest === '')
      return send(200, { ...this.pullOf(s, number, api)?.base.repo });
    if (method === 'GET' && rest === '/installation')
      return send(200, { id: 1, account: { login: s.owner } });

    // Pull requests.
    if (method === 'GET' && (m = /^\/pulls\/(\d+)$/.exec(rest))) {
      const pull = this.pullOf(s, Number(m[1]), api);
      return pull ? send(200, pull) : send(404, { message: 'Not Found' });
    }
    if (method === 'GET' && (m = /^\/pulls\/(\d+)\/files$/.exec(rest))) {
      if (!pulls.includes(Number(m[1]))) return send(404, { message: 'Not Found' });
      const other = s.otherPulls?.find((p) => p.number === Number(m?.[1]));
      const [items, link] = this.page(other?.files ?? s.files, url, path, api);
      return send(200, items, link);
    }
    if (method === 'GET' && rest === '/pulls') {
      const head = url.searchParams.get('head');
      const base = url.searchParams.get('base');
      const wanted = url.searchParams.get('state') ?? 'open';
      const open = wanted === 'open' || wanted === 'all';
      const list = pulls
        .map((n) => this.pullOf(s, n, api))
        .filter((p): p is NonNullable<typeof p> => p !== null && open)
        .filter((p) => !head || p.head.label === head)
        .filter((p) => !base || p.base.ref === base);
      const [items, link] = this.page(list, url, path, api);
      return send(200, items, link);
    }
    if (method === 'GET' && (m = /^\/commits\/([^/]+)\/pulls$/.exec(rest))) {
      const list =
        m[1] === s.head ? pulls.map((n) => this.pullOf(s, n, api)).filter((p) => p !== null) : [];
      return send(200, list);
    }

    // Contents: compare, trees, blobs, contents, tarball.
    if (method === 'GET' && (m = /^\/compare\/(.+)\.\.\.(.+)$/.exec(rest))) {
      const [, baseRef, head] = m as unknown as [string, string, string];
      const files = this.filesBetween(s, decodeURIComponent(baseRef), decodeURIComponent(head));
      if (!files) return send(404, { message: 'Not Found' });
      const page = Number(url.searchParams.get('page') ?? 1);
      return send(200, {
        url: `${api}${path}`,
        html_url: `https://github.example/${s.owner}/${s.repo}/compare/${baseRef}...${head}`,
        status: 'ahead',
        ahead_by: 1,
        behind_by: 0,
        total_commits: 1,
        base_commit: { sha: s.baseSha ?? 'b'.repeat(40) },
        merge_base_commit: { sha: s.baseSha ?? 'b'.repeat(40) },
        commits: [{ sha: head, commit: { message: 'change' } }],
        // GitHub sends the files on the first page only, at most 300.
        files:
          page > 1
            ? []
            : files.slice(0, 300).map((file) => ({
                sha: blobSha(s.tree[file.filename] ?? file.filename),
                additions: 1,
                deletions: 0,
                changes: 1,
                blob_url: '',
                raw_url: '',
                contents_url: '',
                ...file,
              })),
      });
    }
    if (method === 'GET' && (m = /^\/git\/trees\/([^/]+)$/.exec(rest))) {
      const tree = this.treeAt(s, decodeURIComponent(m[1] as string));
      return send(200, {
        sha: m[1],
        truncated: s.treeTruncated ?? false,
        tree: Object.entries(tree).map(([p, text]) => ({
          path: p,
          mode: '100644',
          type: 'blob',
          sha: blobSha(text),
          size: Buffer.byteLength(text),
        })),
      });
    }
    if (method === 'GET' && (m = /^\/git\/blobs\/([0-9a-f]{40})$/.exec(rest))) {
      const text = [...Object.values(s.tree), ...Object.values(s.baseTree ?? {})].find(
        (t) => blobSha(t) === m?.[1],
      );
      return text === undefined
        ? send(404, { message: 'Not Found' })
        : send(200, {
            sha: m[1],
            size: Buffer.byteLength(text),
            encoding: 'base64',
            content: Buffer.from(text).toString('base64'),
          });
    }
    if (method === 'GET' && (m = /^\/contents\/(.+)$/.exec(rest))) {
      const file = decodeURIComponent(m[1] as string);
      const text = this.treeAt(s, url.searchParams.get('ref'))[file];
      return text === undefined
        ? send(404, { message: 'Not Found' })
        : send(200, {
            type: 'file',
            name: file.split('/').pop(),
            path: file,
            sha: blobSha(text),
            size: Buffer.byteLength(text),
            encoding: 'base64',
            content: Buffer.from(text).toString('base64'),
          });
    }
    if (method === 'GET' && (m = /^\/tarball\/(.+)$/.exec(rest))) {
      const ref = decodeURIComponent(m[1] as string);
      const top = `${s.owner}-${s.repo}-${ref.slice(0, 7)}/`;
      const tree = this.treeAt(s, ref);
      const tar = writeTar([
        { path: top, directory: true },
        ...Object.entries(tree).map(([p, text]) => ({ path: top + p, text })),
      ]);
      return send(200, gzipSync(tar), {
        'content-type': 'application/x-gzip',
        'content-disposition': `attachment; filename=${top.slice(0, -1)}.tar.gz`,
      });
    }

    // Issue comments and reactions.
    if ((m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      if (!pulls.includes(Number(m[1]))) return send(404, { message: 'Not Found' });
      const comments = this.commentsOf(s, Number(m[1]));
      if (method === 'GET') {
        const [items, link] = this.page(comments, url, path, api);
        return send(200, items, link);
      }
      if (method === 'POST') {
        const id = this.nextId++;
        const comment: FakeComment = {
          id,
          body: body.body,
          user: { login: 'readiness-gate[bot]', type: 'Bot' },
          created_at: new Date().toISOString(),
          html_url: `https://github.example/${s.owner}/${s.repo}/pull/${m[1]}#issuecomment-${id}`,
        };
        comments.push(comment);
        return send(201, comment);
      }
    }
    if ((m = /^\/issues\/comments\/(\d+)$/.exec(rest))) {
      const id = Number(m[1]);
      const list = pulls.map((n) => this.commentsOf(s, n)).find((c) => c.some((x) => x.id === id));
      const comment = list?.find((c) => c.id === id);
      if (!list || !comment) return send(404, { message: 'Not Found' });
      if (method === 'GET') return send(200, comment);
      if (method === 'PATCH') {
        comment.body = body.body;
        return send(200, comment);
      }
      if (method === 'DELETE') {
        list.splice(list.indexOf(comment), 1);
        return send(204, '');
      }
    }
    if ((m = /^\/issues\/comments\/(\d+)\/reactions$/.exec(rest))) {
      const id = Number(m[1]);
      let reactions = this.reactions.get(id);
      if (!reactions) this.reactions.set(id, (reactions = []));
      if (method === 'GET') return send(200, reactions);
      const existing = reactions.find((r) => r.content === body.content);
      if (existing) return send(200, existing);
      const reaction = {
        id: this.nextId++,
        content: body.content as string,
        user: { login: 'readiness-gate[bot]', type: 'Bot' },
      };
      reactions.push(reaction);
      return send(201, reaction);
    }

    // Check runs.
    const repository = `${s.owner}/${s.repo}`;
    if (method === 'POST' && rest === '/check-runs') {
      const now = new Date().toISOString();
      const run: FakeCheckRun = {
        id: this.nextId++,
        head_sha: body.head_sha,
        name: body.name,
        status: body.conclusion ? 'completed' : (body.status ?? 'queued'),
        conclusion: body.conclusion ?? null,
        external_id: body.external_id ?? null,
        details_url: body.details_url ?? null,
        started_at: body.started_at ?? now,
        completed_at: body.conclusion ? (body.completed_at ?? now) : null,
        output: { title: null, summary: null, text: null, annotations_count: 0 },
        html_url: `https://github.example/${repository}/runs/${this.nextId}`,
        app: { id: 123, slug: 'readiness-gate' },
        pull_requests: [],
        annotations: [],
        repository,
      };
      this.updateOutput(run, body.output);
      this.checkRuns.push(run);
      return send(201, this.publicRun(run));
    }
    if ((m = /^\/check-runs\/(\d+)$/.exec(rest))) {
      const run = this.checkRuns.find(
        (r) => r.id === Number(m?.[1]) && r.repository === repository,
      );
      if (!run) return send(404, { message: 'Not Found' });
      if (method === 'GET') return send(200, this.publicRun(run));
      if (method === 'PATCH') {
        const status = body.conclusion ? 'completed' : (body.status ?? run.status);
        Object.assign(run, {
          status,
          conclusion: body.conclusion ?? run.conclusion,
          completed_at:
            status === 'completed' ? (body.completed_at ?? new Date().toISOString()) : null,
          details_url: body.details_url ?? run.details_url,
          external_id: body.external_id ?? run.external_id,
        });
        this.updateOutput(run, body.output);
        return send(200, this.publicRun(run));
      }
    }
    if (method === 'GET' && (m = /^\/check-runs\/(\d+)\/annotations$/.exec(rest))) {
      const run = this.checkRuns.find(
        (r) => r.id === Number(m?.[1]) && r.repository === repository,
      );
      if (!run) return send(404, { message: 'Not Found' });
      const [items, link] = this.page(run.annotations, url, path, api);
      return send(200, items, link);
    }
    if (method === 'GET' && (m = /^\/commits\/([^/]+)\/check-runs$/.exec(rest))) {
      const name = url.searchParams.get('check_name');
      const all = this.checkRuns
        .filter((r) => r.repository === repository && r.head_sha === m?.[1])
        .filter((r) => !name || r.name === name)
        .reverse();
      // filter=latest (GitHub's default): the most recent run of each name.
      const runs =
        url.searchParams.get('filter') === 'all'
          ? all
          : all.filter((run, i) => all.findIndex((r) => r.name === run.name) === i);
      const [items, link] = this.page(runs, url, path, api);
      return send(200, { total_count: runs.length, check_runs: items.map(this.publicRun) }, link);
    }

    // Branches, protection, permissions.
    if (method === 'GET' && (m = /^\/branches\/([^/]+)$/.exec(rest)))
      return send(200, { name: m[1], protected: Boolean(s.protection?.[m[1] as string]) });
    if (method === 'GET' && /^\/rules\/branches\/[^/]+$/.test(rest)) return send(200, []);
    if ((m = /^\/branches\/([^/]+)\/protection$/.exec(rest))) {
      const branch = m[1] as string;
      if (method === 'GET') {
        const protection = s.protection?.[branch];
        return protection
          ? send(200, {
              url: `${api}${path}`,
              required_status_checks: {
                ...protection.required_status_checks,
                checks: protection.required_status_checks.contexts.map((context) => ({
                  context,
                  app_id: null,
                })),
              },
            })
          : send(404, { message: 'Branch not protected' });
      }
      if (method === 'PUT') {
        s.protection ??= {};
        s.protection[branch] = {
          required_status_checks: {
            strict: body.required_status_checks?.strict ?? false,
            contexts: body.required_status_checks?.contexts ?? [],
          },
        };
        return send(200, { url: `${api}${path}`, ...s.protection[branch] });
      }
    }
    if (
      method === 'POST' &&
      (m = /^\/branches\/([^/]+)\/protection\/required_status_checks\/contexts$/.exec(rest))
    ) {
      const protection = s.protection?.[m[1] as string];
      if (!protection) return send(404, { message: 'Branch not protected' });
      const contexts = protection.required_status_checks.contexts;
      for (const context of (Array.isArray(body) ? body : body.contexts) as string[])
        if (!contexts.includes(context)) contexts.push(context);
      return send(200, contexts);
    }
    if (method === 'GET' && (m = /^\/collaborators\/([^/]+)\/permission$/.exec(rest))) {
      const role = s.permissions[m[1] as string] ?? 'read';
      return send(200, { permission: role, role_name: role, user: { login: m[1] } });
    }
    this.unexpected.push(`${method} ${path}`);
    send(404, { message: 'Not Found (fake)' });
  }

  private updateOutput(run: FakeCheckRun, output: any): void {
    if (!output) return;
    run.output.title = output.title ?? run.output.title;
    run.output.summary = output.summary ?? run.output.summary;
    run.output.text = output.text ?? run.output.text;
    for (const annotation of output.annotations ?? []) run.annotations.push(annotation);
    run.output.annotations_count = run.annotations.length;
  }

  private publicRun = (run: FakeCheckRun) => {
    const { annotations: _annotations, repository: _repository, ...visible } = run;
    return visible;
  };
}
