import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware, createProbot, type Probot } from 'probot';
import { createApp, type AppOptions } from '../app.js';
import { createAppOctokit, type ThrottleSettings } from './create-app-octokit.js';
import { createQueue, type EvaluationQueue } from './queue/index.js';

/** GitHub caps webhook payloads at 25 MB: anything larger is refused before it is buffered. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export interface StartServerOptions {
  env?: NodeJS.ProcessEnv;
  port?: number;
  host?: string;
  app?: AppOptions;
  throttle?: ThrottleSettings;
  maxBodyBytes?: number;
}

export interface StartedServer {
  port: number;
  probot: Probot;
  queue: EvaluationQueue;
  server: Server;
  stop(): Promise<void>;
}

/** Reads a request body up to `limit` bytes; null when it is larger (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The App's HTTP server: Probot's webhook middleware (signature check, then the App's
 * handlers, which only enqueue) behind a body-size guard, and `/health`.
 */
export async function startServer(options: StartServerOptions = {}): Promise<StartedServer> {
  const env = options.env ?? process.env;
  const probot = createProbot({ env, overrides: { Octokit: createAppOctokit(options.throttle) } });
  const queue = options.app?.queue ?? createQueue(env, { concurrency: 64 });
  const webhookPath = env.WEBHOOK_PATH || '/api/github/webhooks';
  const middleware = await createNodeMiddleware(createApp({ ...options.app, queue }), {
    probot,
    webhooksPath: webhookPath,
  });
  const limit = options.maxBodyBytes ?? MAX_WEBHOOK_BYTES;
  const refuse = (res: import('node:http').ServerResponse, length: number | null) => {
    probot.log.warn({ bytes: length }, 'webhook body over the size cap refused');
    res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify({ error: `Unexpected body over ${limit} bytes` }));
  };
  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'POST' && path === webhookPath) {
        const declared = Number(req.headers['content-length']);
        if (Number.isFinite(declared) && declared > limit) return refuse(res, declared);
        const body = await readBody(req, limit);
        if (body === null) return refuse(res, null);
        (req as IncomingMessage & { body?: string }).body = body;
      }
      if (!(await middleware(req, res))) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'Not Found' }));
      }
    })().catch((error: unknown) => {
      probot.log.error({ err: (error as Error).message }, 'request failed');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', resolve),
  );
  return {
    port: (server.address() as AddressInfo).port,
    probot,
    queue,
    server,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await queue.close();
    },
  };
}
