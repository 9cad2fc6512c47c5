import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../test/helpers/listen-on-loopback.js';
import { closeServer } from '../test/helpers/close-server.js';

interface Run {
  id: number;
  head_sha: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
}

export interface PullFixture {
  files: Array<{ filename: string; status: string; patch: string }>;
  tree: Record<string, string>;
}

/**
 * A minimal fake of the GitHub REST API for many repositories and pull requests at once, for the
 * load benchmark (the test fake serves one repository). It answers at once, optionally after
 * `latencyMs`, counts writes and records when each head SHA got a completed run.
 */
export class LoadFakeGitHub {
  port = 0;
  latencyMs = 0;
  writes = 0;
  requests = 0;
  readonly completedAt = new Map<string, number>();
  /** Requests by method and path shape. */
  readonly byKind = new Map<string, number>();
  private readonly runs = new Map<number, Run>();
  private readonly comments = new Map<string, Array<{ id: number; body: string; user: object }>>();
  private nextId = 1;
  private server: Server | null = null;

  constructor(private readonly fixture: PullFixture) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.port = await listenOnLoopback(this.server);
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
    if (this.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/api\/v3/, '');
    const method = req.method ?? 'GET';
    this.requests++;
    if (method !== 'GET' && !path.endsWith('/access_tokens')) this.writes++;
    const kind = `${method} ${path
      .replace(/^\/repos\/[^/]+\/[^/]+/, '')
      .replace(/[0-9a-f]{40}/g, ':sha')
      .replace(/\d+/g, ':n')}`;
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
    const send = (status: number, data: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(data));
    };
    let m: RegExpExecArray | null;
    if (method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(path))
      return send(201, { token: 'ghs_load', expires_at: '2099-01-01T00:00:00Z' });
    if (method === 'GET' && path === '/app') return send(200, { id: 1, slug: 'readiness-gate' });
    if (method === 'GET' && /\/compare\//.test(path))
      return send(200, { status: 'ahead', files: this.fixture.files });
    if (method === 'GET' && /\/git\/trees\//.test(path))
      return send(200, {
        truncated: false,
        tree: Object.entries(this.fixture.tree).map(([p, t]) => ({
          path: p,
          type: 'blob',
          size: t.length,
        })),
      });
    if (method === 'GET' && (m = /\/contents\/(.+)$/.exec(path))) {
      const text = this.fixture.tree[decodeURIComponent(m[1] as string)];
      return text === undefined
        ? send(404, { message: 'Not Found' })
        : send(200, {
            type: 'file',
            encoding: 'base64',
            content: Buffer.from(text).toString('base64'),
          });
    }
    if ((m = /^(\/repos\/[^/]+\/[^/]+\/issues\/\d+)\/comments$/.exec(path))) {
      const list = this.comments.get(m[1] as string) ?? [];
      this.comments.set(m[1] as string, list);
      if (method === 'GET') return send(200, list);
      const comment = {
        id: this.nextId++,
        body: body.body,
        user: { login: 'readiness-gate[bot]', type: 'Bot' },
      };
      list.push(comment);
      return send(201, comment);
    }
    if (method === 'PATCH' && /\/issues\/comments\/\d+$/.test(path)) return send(200, {});
    if (method === 'POST' && /\/check-runs$/.test(path)) {
      const run: Run = {
        id: this.nextId++,
        head_sha: body.head_sha,
        status: body.status,
        conclusion: body.conclusion ?? null,
        external_id: body.external_id ?? null,
      };
      this.runs.set(run.id, run);
      if (run.status === 'completed') this.completedAt.set(run.head_sha, Date.now());
      return send(201, run);
    }
    if (method === 'PATCH' && (m = /\/check-runs\/(\d+)$/.exec(path))) {
      const run = this.runs.get(Number(m[1]));
      if (run && body.status === 'completed') {
        run.status = 'completed';
        this.completedAt.set(run.head_sha, Date.now());
      }
      return send(200, run ?? {});
    }
    if (method === 'GET' && /\/branches\/[^/]+$/.test(path)) return send(200, { protected: false });
    if (method === 'GET' && /\/rules\/branches\//.test(path)) return send(200, []);
    send(404, { message: `Not Found (load fake): ${method} ${path}` });
  }
}
