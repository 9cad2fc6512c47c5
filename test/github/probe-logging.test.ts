import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { handleHealth } from '../../src/github/health.js';
import { handleMetrics } from '../../src/github/metrics.js';
import { listenOnLoopback } from '../helpers/listen-on-loopback.js';

/**
 * Under Probot's own server (`probot run`), every response is logged at info by pino-http (the
 * version Probot ships). Probes must not be: a platform probing every few seconds would bury
 * the App's own logs. (The App's server, `startServer`, logs no request at info at all.)
 */
describe('health probes and metrics scrapes are not logged at info', () => {
  let server: Server;
  let base: string;
  const lines: Array<{ level: number; msg?: string; req?: { url?: string } }> = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          lines.push(JSON.parse(line) as (typeof lines)[number]);
        done();
      },
    });
    const httpLog = pinoHttp({ logger: pino({ level: 'info' }, sink) });
    server = createServer((req, res) => {
      httpLog(req, res);
      if (handleHealth(req, res) || handleMetrics(req, res)) return;
      res.writeHead(404).end();
    });
    base = `http://127.0.0.1:${await listenOnLoopback(server)}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('logs any other request, and no probe', async () => {
    for (const path of ['/health', '/health?probe=1', '/metrics', '/somewhere-else']) {
      const response = await fetch(`${base}${path}`);
      await response.arrayBuffer();
    }
    await fetch(`${base}/health`, { method: 'HEAD' });
    // pino-http logs on `finish`: give the last one a turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    const logged = lines.filter((line) => line.level >= 30).map((line) => line.req?.url);
    expect(logged).toEqual(['/somewhere-else']);
  });
});
