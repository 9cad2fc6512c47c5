import { createHmac, generateKeyPairSync } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startServer } from '../src/github/start-server.js';
import { pullRequestOpened } from '../test/helpers/webhook-payloads.js';
import { LoadFakeGitHub } from './fake-github-load.js';

/**
 * `npm run bench:app -- --events 200 --installations 20 --concurrency 20 [--latency 0]`:
 * PR webhooks over many installations against a local fake GitHub, through the real HTTP server
 * (signature check, queue, per-installation throttling). Prints events/s, p50/p99 from webhook
 * to the completed check run, writes per event and the peak RSS of this process (the App and the
 * fake together).
 */
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200' },
    installations: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '20' },
    latency: { type: 'string', default: '0' },
  },
});
const events = Number(values.events);
const installations = Number(values.installations);
const concurrency = Number(values.concurrency);
const SECRET = 'bench-secret';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const github = new LoadFakeGitHub({
  files: [
    {
      filename: 'src/pay.ts',
      status: 'modified',
      patch: "@@ -1 +1,2 @@\n const a = 1;\n+const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';",
    },
    {
      filename: 'src/util.ts',
      status: 'modified',
      patch: '@@ -1 +1,2 @@\n export const b = 1;\n+export const c = 2;',
    },
    { filename: 'README.md', status: 'modified', patch: '@@ -1 +1,2 @@\n # App\n+More words.' },
  ],
  tree: { 'ACTION_PLAN.md': '# Plan\n\n## Phase 1\n- [x] Ship\n- [ ] Rotate keys\n' },
});
github.latencyMs = Number(values.latency);
await github.start();
const app = await startServer({
  env: {
    APP_ID: '1',
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: SECRET,
    GHE_HOST: `127.0.0.1:${github.port}`,
    GHE_PROTOCOL: 'http',
    LOG_LEVEL: 'fatal',
  },
  port: 0,
  host: '127.0.0.1',
});

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 25);

const sentAt = new Map<string, number>();
const template = pullRequestOpened();
async function send(i: number): Promise<void> {
  const installation = 1 + (i % installations);
  const payload = structuredClone(template);
  const sha = i.toString(16).padStart(40, '0');
  payload.installation = { id: installation, node_id: 'x' };
  payload.repository.owner.login = `org${installation}`;
  payload.repository.name = 'service';
  payload.pull_request.number = 1000 + i;
  payload.pull_request.head.sha = sha;
  payload.pull_request.changed_files = 3;
  const body = JSON.stringify(payload);
  sentAt.set(sha, Date.now());
  const response = await fetch(`http://127.0.0.1:${app.port}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'pull_request',
      'x-github-delivery': `bench-${i}`,
      'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    },
    body,
  });
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
}

const started = Date.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < events) await send(next++);
  }),
);
const acknowledged = Date.now() - started;
await app.queue.idle();
const elapsed = Date.now() - started;
clearInterval(sampler);

const latencies = [...sentAt]
  .map(([sha, at]) => (github.completedAt.get(sha) ?? Number.NaN) - at)
  .sort((a, b) => a - b);
const concluded = latencies.filter((ms) => Number.isFinite(ms)).length;
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] as number;
const rows = [
  ['events', String(events)],
  ['installations', String(installations)],
  ['concurrency', String(concurrency)],
  ['injected latency', `${github.latencyMs} ms`],
  ['concluded', `${concluded}/${events}`],
  ['all webhooks answered after', `${acknowledged} ms`],
  ['events/s (to the last conclusion)', (events / (elapsed / 1000)).toFixed(1)],
  ['p50 webhook → conclusion', `${pct(50)} ms`],
  ['p99 webhook → conclusion', `${pct(99)} ms`],
  ['requests per event', (github.requests / events).toFixed(2)],
  ['writes per event', (github.writes / events).toFixed(2)],
  ['peak RSS (App + fake)', `${(peakRss / 1024 / 1024).toFixed(0)} MB`],
];
const width = Math.max(...rows.map(([name]) => (name as string).length));
console.log(rows.map(([name, value]) => `${(name as string).padEnd(width)}  ${value}`).join('\n'));
if (process.env.BENCH_DEBUG) console.log(github.byKind);
await app.stop();
await github.stop();
