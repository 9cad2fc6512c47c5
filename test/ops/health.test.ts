import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Probot, Server } from 'probot';
import { findFreePort } from '../helpers/find-free-port.js';
import { handleHealth } from '../../src/github/health.js';
import { handleMetrics } from '../../src/github/metrics.js';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

describe('probes on the real Probot server', () => {
  const lines: Array<{ level: number; msg: string }> = [];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const log = pino({ level: 'info' }, sink);
    // Probot's Server reads port 0 as "3000": ask the OS for a free port first.
    const port = await findFreePort();
    server = new Server({
      Probot: Probot.defaults({ appId: 1, privateKey, secret: 'health-test', log }),
      log,
      port,
      host: '127.0.0.1',
    });
    await server.load((_app, { addHandler }) => {
      addHandler(handleHealth);
      addHandler((req, res) => handleMetrics(req, res));
    });
    await server.start();
    base = `http://127.0.0.1:${port}`;
  }, 30_000);

  afterAll(async () => {
    await server.stop();
  });

  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it('answers /health and /metrics without an info log line, and still logs other requests', async () => {
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', check: 'Readiness Gate' });
    expect((await fetch(`${base}/health`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    // Probot's own 404 is logged by the same request logger: proof the logger is live here.
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
    await settle();
    const requests = lines.filter((line) => /^(GET|HEAD|POST) \//.test(line.msg));
    expect(requests.map((line) => line.msg.replace(/ - \d+ms$/, ''))).toEqual([
      'GET /nothing-here 404',
    ]);
  });
});
