import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import type { FakeState } from './fake-github-server.js';
import { listenOnLoopback } from './listen-on-loopback.js';

/**
 * What to do to a matching request, `times` times:
 * - `cut-before`: drop the connection; the request never reaches GitHub.
 * - `cut-after`: GitHub does the work, the response is lost (the connection drops).
 * - `truncate`: GitHub answers, the client gets half the body, then the connection drops.
 * - `hang`: no answer at all (until the client gives up).
 * - `status`: answer `status` with `headers` — after GitHub did the work when `forward`.
 */
export interface Fault {
  method: string;
  path: RegExp;
  kind: 'cut-before' | 'cut-after' | 'truncate' | 'hang' | 'status';
  times?: number;
  status?: number;
  headers?: Record<string, string>;
  message?: string;
  forward?: boolean;
}

export interface LoggedRequest {
  method: string;
  path: string;
  body: any;
  status: number | null;
  start: number;
  end: number;
  fault: Fault['kind'] | null;
}

export interface RunState {
  id: number;
  head_sha: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
  /** Annotations sent for this run, over every write. */
  annotations: number;
}

/**
 * A proxy in front of the fake GitHub: it injects latency and faults, logs every request with
 * its timing (to measure request counts and sequential round trips), follows check runs, and
 * answers the two endpoints the fake lacks (`GET /app` and the base…head comparison).
 */
export class FaultProxy {
  readonly log: LoggedRequest[] = [];
  readonly runs = new Map<number, RunState>();
  faults: Fault[] = [];
  latencyMs = 0;
  port = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly hung = new Set<ServerResponse>();

  constructor(
    private readonly upstream: () => number,
    private readonly state: FakeState,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.port = await listenOnLoopback(this.server);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Requests since `from` (an index into the log), without the App's token and identity calls. */
  since(from: number): LoggedRequest[] {
    return this.log
      .slice(from)
      .filter((entry) => !/\/access_tokens$/.test(entry.path) && entry.path !== '/app');
  }

  /** The longest chain of requests each starting after the previous one ended. */
  static roundTrips(entries: LoggedRequest[]): number {
    const sorted = [...entries].sort((a, b) => a.start - b.start);
    const depth: number[] = [];
    sorted.forEach((entry, i) => {
      let best = 0;
      for (let j = 0; j < i; j++)
        if ((sorted[j] as LoggedRequest).end <= entry.start)
          best = Math.max(best, depth[j] as number);
      depth[i] = best + 1;
    });
    return Math.max(0, ...depth);
  }

  runsFor(sha: string): RunState[] {
    return [...this.runs.values()].filter((run) => run.head_sha === sha);
  }

  private take(method: string, path: string): Fault | null {
    const index = this.faults.findIndex(
      (fault) => fault.method === method && fault.path.test(path),
    );
    if (index === -1) return null;
    const fault = this.faults[index] as Fault;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/^\/api\/v3/, '');
    const method = req.method ?? 'GET';
    const entry: LoggedRequest = {
      method,
      path,
      body: raw.length > 0 ? JSON.parse(raw.toString('utf8')) : null,
      status: null,
      start: Date.now(),
      end: 0,
      fault: null,
    };
    this.log.push(entry);
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const fault = this.take(method, path);
    entry.fault = fault?.kind ?? null;
    const done = (status: number | null) => {
      entry.status = status;
      entry.end = Date.now();
    };
    if (fault?.kind === 'hang') {
      this.hung.add(res);
      res.on('close', () => done(null));
      return;
    }
    if (fault?.kind === 'cut-before') {
      done(null);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status' && !fault.forward) {
      done(fault.status ?? 500);
      res.writeHead(fault.status ?? 500, { 'content-type': 'application/json', ...fault.headers });
      res.end(JSON.stringify({ message: fault.message ?? 'Server Error' }));
      return;
    }
    const answer = this.local(method, path) ?? (await this.forward(req, url, raw));
    this.follow(method, path, entry.body, answer);
    if (fault?.kind === 'cut-after') {
      done(null);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      done(fault.status ?? 502);
      res.writeHead(fault.status ?? 502, { 'content-type': 'application/json', ...fault.headers });
      res.end(JSON.stringify({ message: fault.message ?? 'Bad Gateway' }));
      return;
    }
    let body = answer.body;
    if (method === 'GET' && /\/commits\/[^/]+\/check-runs$/.test(path)) {
      const data = JSON.parse(body.toString('utf8')) as { check_runs: Array<{ id: number }> };
      for (const run of data.check_runs)
        Object.assign(run, { external_id: this.runs.get(run.id)?.external_id ?? null });
      body = Buffer.from(JSON.stringify(data));
    }
    const headers = { ...answer.headers };
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    if (fault?.kind === 'truncate') {
      res.writeHead(answer.status, { ...headers, 'content-length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      done(null);
      setTimeout(() => req.socket.destroy(), 5);
      return;
    }
    done(answer.status);
    res.writeHead(answer.status, { ...headers, 'content-length': String(body.length) });
    res.end(body);
  }

  /** The endpoints the fake does not serve. */
  private local(
    method: string,
    path: string,
  ): { status: number; headers: Record<string, string>; body: Buffer } | null {
    const json = (status: number, data: unknown) => ({
      status,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(data)),
    });
    if (method === 'GET' && path === '/app')
      return json(200, { id: 123, slug: 'readiness-gate', name: 'Readiness Gate' });
    const repo = `/repos/${this.state.owner}/${this.state.repo}`;
    if (method === 'GET' && path.startsWith(`${repo}/compare/`))
      return json(200, { status: 'ahead', total_commits: 1, commits: [], files: this.state.files });
    return null;
  }

  private forward(req: IncomingMessage, url: URL, raw: Buffer) {
    return new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>(
      (resolve, reject) => {
        const upstream = httpRequest(
          {
            host: '127.0.0.1',
            port: this.upstream(),
            method: req.method,
            path: url.pathname + url.search,
            headers: { ...req.headers, host: `127.0.0.1:${this.upstream()}` },
          },
          (response) => {
            const parts: Buffer[] = [];
            response.on('data', (chunk: Buffer) => parts.push(chunk));
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 502,
                headers: response.headers as Record<string, string>,
                body: Buffer.concat(parts),
              }),
            );
          },
        );
        upstream.on('error', reject);
        upstream.end(raw);
      },
    );
  }

  /** Follows check runs through the requests that reached GitHub. */
  private follow(
    method: string,
    path: string,
    body: any,
    answer: { status: number; body: Buffer },
  ): void {
    if (answer.status >= 300) return;
    if (method === 'POST' && /\/check-runs$/.test(path)) {
      const created = JSON.parse(answer.body.toString('utf8')) as { id: number };
      this.runs.set(created.id, {
        id: created.id,
        head_sha: body.head_sha,
        status: body.status ?? 'queued',
        conclusion: body.conclusion ?? null,
        external_id: body.external_id ?? null,
        annotations: body.output?.annotations?.length ?? 0,
      });
    }
    const match = /\/check-runs\/(\d+)$/.exec(path);
    if (method === 'PATCH' && match) {
      const run = this.runs.get(Number(match[1]));
      if (!run) return;
      run.status = body.status ?? run.status;
      run.conclusion = body.conclusion ?? run.conclusion;
      run.annotations += body.output?.annotations?.length ?? 0;
    }
  }
}
