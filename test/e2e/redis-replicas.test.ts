import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../helpers/find-free-port.js';
import { startRedisServer } from '../helpers/start-redis-server.js';
import { stopChild } from '../helpers/stop-child.js';
import { FakeGitHub, type FakeFile, type FakeState } from '../helpers/fake-github-server.js';
import { pullRequestOpened } from '../helpers/webhook-payloads.js';
import { listenOnLoopback } from '../helpers/listen-on-loopback.js';
import { closeServer } from '../helpers/close-server.js';
import { postWebhook } from '../helpers/post-webhook.js';

// Two real App processes (src/server.ts, REDIS_URL set) against one fake GitHub and one real
// redis-server: 100 webhook deliveries split between them, duplicates sent to both.

const SERVER = fileURLToPath(new URL('../../src/server.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const hasRedis = !spawnSync('redis-server', ['--version']).error;
const inCi = process.env.CI === 'true';

if (!hasRedis && !inCi)
  console.warn(
    'SKIPPED: the two-replica App suite needs redis-server (apt-get install -y redis-server); ' +
      'under CI=true it fails instead.',
  );

const SECRET = 'replicas-webhook-secret';
const STICKY = '<!-- readiness-gate:sticky -->';
const CHECK = 'Readiness Gate';
const PULLS = 20;
const INSTALLATIONS = 10;
const VERSIONS = 4;
const PLAN_DONE = '# Plan\n\n## Phase 1\n- [x] Ship\n- [x] Rotate keys\n';
const KEY_LINE = "const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';";
const keyFile = (name: string): FakeFile => ({
  filename: name,
  status: 'modified',
  patch: `@@ -1,1 +1,2 @@\n const a = 1;\n+${KEY_LINE}`,
});
const cleanFile = (name: string): FakeFile => ({
  filename: name,
  status: 'modified',
  patch: '@@ -1,1 +1,2 @@\n const a = 1;\n+const key = process.env.KEY;',
});

const shaOf = (pull: number, version: number) =>
  `${version.toString(16).padStart(2, '0')}${pull.toString(16).padStart(4, '0')}`.padEnd(40, 'c');
/** The newest head of every third PR plants a live key: its gate fails; the others pass. */
const failsAt = (pull: number, version: number) =>
  version === VERSIONS ? pull % 3 === 0 : (pull + version) % 2 === 0;
const filesAt = (pull: number, version: number) => [
  failsAt(pull, version) ? keyFile('src/pay.ts') : cleanFile('src/pay.ts'),
  cleanFile(`src/v${version}.ts`),
];

/**
 * What one replica sees of GitHub: a pass-through to the shared fake that counts this
 * replica's requests (so the test knows both did work) and answers `GET /app`, which the fake
 * does not serve.
 */
class Front {
  readonly requests: Array<{ method: string; path: string }> = [];
  port = 0;
  private server: Server | null = null;

  constructor(private readonly upstream: () => number) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.port = await listenOnLoopback(this.server);
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  writes(pattern: RegExp): number {
    return this.requests.filter((r) => r.method !== 'GET' && pattern.test(r.path)).length;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0] as string;
    this.requests.push({ method: req.method ?? 'GET', path });
    if (req.method === 'GET' && path === '/api/v3/app') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 123, slug: 'readiness-gate', name: 'Readiness Gate' }));
      return;
    }
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: this.upstream(),
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: `127.0.0.1:${this.upstream()}` },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }
}

/** One App process: `node --import tsx src/server.ts`, configured as a deployment would be. */
class Replica {
  readonly front: Front;
  output = '';
  port = 0;
  private child: ChildProcess | null = null;

  constructor(
    readonly name: string,
    upstream: () => number,
  ) {
    this.front = new Front(upstream);
  }

  async start(redisUrl: string, privateKey: string): Promise<void> {
    await this.front.start();
    this.port = await findFreePort();
    this.child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        APP_ID: '123',
        PRIVATE_KEY: privateKey,
        WEBHOOK_SECRET: SECRET,
        GHE_HOST: `127.0.0.1:${this.front.port}`,
        GHE_PROTOCOL: 'http',
        REDIS_URL: redisUrl,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout, this.child.stderr])
      stream?.on('data', (chunk: Buffer) => {
        this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
      });
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (this.child.exitCode !== null)
        throw new Error(`replica ${this.name} exited:\n${this.output}`);
      const up = await fetch(`http://127.0.0.1:${this.port}/health`)
        .then((response) => response.ok)
        .catch(() => false);
      if (up) return;
      if (Date.now() > deadline)
        throw new Error(`replica ${this.name} did not start within 20 s:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  send(name: string, id: string, payload: object): Promise<number> {
    return postWebhook({ port: this.port, secret: SECRET, name, id, payload });
  }

  /** SIGTERM (the server finishes running evaluations), SIGKILL after 5 s. */
  async stop(): Promise<void> {
    if (this.child) await stopChild(this.child, 'SIGTERM', 5_000);
    await this.front.stop();
  }
}

interface Delivery {
  id: string;
  pull: number;
  version: number;
  payload: object;
}

/** `pull_request.opened` (version 1) or `synchronize` of acme/svc-<pull>#2 at `version`. */
function deliveryOf(pull: number, version: number): Delivery {
  const payload = pullRequestOpened({ head: shaOf(pull, version) });
  payload.action = version === 1 ? 'opened' : 'synchronize';
  payload.installation.id = 1 + (pull % INSTALLATIONS);
  const repo = `svc-${pull}`;
  payload.repository.name = repo;
  payload.repository.full_name = `acme/${repo}`;
  payload.repository.owner.login = 'acme';
  payload.pull_request.number = 2;
  payload.pull_request.base.ref = 'main';
  payload.pull_request.base.sha = 'b'.repeat(40);
  payload.pull_request.changed_files = filesAt(pull, version).length;
  return { id: `delivery-${pull}-${version}`, pull, version, payload };
}

if (!hasRedis && inCi) {
  describe('two App replicas on Redis', () => {
    it('needs redis-server under CI (.ci/run installs it)', () => {
      throw new Error(
        'redis-server is not on the PATH: under CI=true the two-replica suite must run, not skip',
      );
    });
  });
}

(hasRedis ? describe : describe.skip)('two App replicas on one Redis and one fake GitHub', () => {
  let redis: { url: string; stop: () => Promise<void> } | null = null;
  let github: FakeGitHub;
  const states: FakeState[] = [];
  const replicas: Replica[] = [];

  beforeAll(async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    for (let pull = 0; pull < PULLS; pull++)
      states.push({
        owner: 'acme',
        repo: `svc-${pull}`,
        head: shaOf(pull, 1),
        base: 'main',
        files: filesAt(pull, 1),
        filesAt: {},
        tree: { 'ACTION_PLAN.md': PLAN_DONE },
        comments: [],
        permissions: {},
        failOnce: [],
      });
    github = new FakeGitHub(states[0] as FakeState);
    for (const state of states.slice(1)) github.addRepo(state);
    await github.start();
    redis = await startRedisServer();
    replicas.push(new Replica('A', () => github.port), new Replica('B', () => github.port));
    await Promise.all(replicas.map((replica) => replica.start(redis?.url ?? '', privateKey)));
  }, 45_000);

  afterAll(async () => {
    // Whatever failed above: every child process and server goes.
    await Promise.allSettled(replicas.map((replica) => replica.stop()));
    await redis?.stop();
    await github?.stop();
  }, 20_000);

  it('100 deliveries split between two processes: every PR concluded once on its newest head, one sticky comment each', async () => {
    const [a, b] = replicas as [Replica, Replica];
    // Each PR is pushed VERSIONS times; the replicas take the deliveries alternately. One
    // delivery per PR comes twice (20 PRs × (4 pushes + 1 duplicate) = 100 deliveries): the
    // newest push sent to both replicas at once (a sender retrying on a timeout), or an older
    // push redelivered after the newest one (GitHub's redelivery).
    const statuses: number[] = [];
    const newest = (pull: number) => shaOf(pull, VERSIONS);
    github.inject({
      path: new RegExp(`/compare/.*\\.\\.\\.${VERSIONS.toString(16).padStart(2, '0')}`),
      latencyMs: 300,
    });
    const replicaOf = (delivery: Delivery) => ((delivery.pull + delivery.version) % 2 ? b : a);
    const duplicated = (pull: number) => 2 + (pull % (VERSIONS - 1));
    const sendTo = async (targets: Replica[], delivery: Delivery) =>
      statuses.push(
        ...(await Promise.all(
          targets.map((replica) => replica.send('pull_request', delivery.id, delivery.payload)),
        )),
      );
    for (let version = 1; version <= VERSIONS; version++) {
      const round = states.map((state, pull) => {
        // GitHub has the new head before it sends the event.
        const files = filesAt(pull, version);
        state.head = shaOf(pull, version);
        state.files = files;
        (state.filesAt as Record<string, FakeFile[]>)[state.head] = files;
        return deliveryOf(pull, version);
      });
      await Promise.all(
        round.map((delivery) =>
          sendTo(
            delivery.version === VERSIONS && duplicated(delivery.pull) === VERSIONS
              ? [a, b]
              : [replicaOf(delivery)],
            delivery,
          ),
        ),
      );
    }
    // The redelivery reaches the replica while it evaluates the newest head (its reads are
    // slowed down to make that window wide): a duplicate must not discard that evaluation.
    await Promise.all(
      states
        .map((_, pull) => deliveryOf(pull, duplicated(pull)))
        .filter((delivery) => delivery.version < VERSIONS)
        .map(async (delivery) => {
          const reading = (replica: Replica) =>
            replica.front.requests.some(
              (request) =>
                request.path.includes('/compare/') && request.path.includes(newest(delivery.pull)),
            );
          await github.until(
            () => replicas.some(reading),
            `the newest head of #${delivery.pull} being read`,
            30_000,
          );
          await sendTo([replicas.find(reading) as Replica], delivery);
        }),
    );
    expect(statuses).toHaveLength(PULLS * (VERSIONS + 1));
    expect(statuses.every((status) => status === 200)).toBe(true);

    const stickiesOf = (pull: number) =>
      github
        .commentsOn('acme', `svc-${pull}`, 2)
        .filter((comment) => comment.body.startsWith(STICKY));
    // Concluded on the newest head, and the sticky comment (written alongside) says so.
    const done = (pull: number) =>
      github.checkRuns.some(
        (run) =>
          run.repository === `acme/svc-${pull}` &&
          run.head_sha === newest(pull) &&
          run.status === 'completed',
      ) && stickiesOf(pull).some((comment) => comment.body.includes(newest(pull).slice(0, 7)));
    await github
      .until(() => states.every((_, pull) => done(pull)), 'every PR concluded', 40_000)
      .catch((error: Error) => {
        const missing = states
          .map((_, pull) => pull)
          .filter((pull) => !done(pull))
          .map((pull) => {
            const runs = github.checkRuns.filter((run) => run.repository === `acme/svc-${pull}`);
            return `#${pull}: ${runs.map((run) => `${run.head_sha.slice(0, 7)} ${run.status}/${run.conclusion}`).join(', ')}`;
          });
        throw new Error(
          `${error.message}; not concluded on the newest head:\n${missing.join('\n')}\n${replicas.map((r) => r.output).join('\n')}`,
        );
      });
    // One job at a time per PR, and the redeliveries were duplicates: nothing more is queued.
    // A last write in flight (an annotation batch) lands before the counts.
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(github.invalid).toEqual([]);
    expect(github.unexpected).toEqual([]);
    for (let pull = 0; pull < PULLS; pull++) {
      const runs = github.checkRuns.filter((run) => run.repository === `acme/svc-${pull}`);
      expect(runs.every((run) => run.name === CHECK)).toBe(true);
      const onNewest = runs.filter((run) => run.head_sha === newest(pull));
      expect(onNewest.map((run) => [run.status, run.conclusion])).toEqual([
        ['completed', failsAt(pull, VERSIONS) ? 'failure' : 'success'],
      ]);
      // Each head had one delivery id: at most one evaluation, so at most one run, per head.
      const perHead = new Map<string, number>();
      for (const run of runs) perHead.set(run.head_sha, (perHead.get(run.head_sha) ?? 0) + 1);
      expect([...perHead.values()].every((count) => count === 1)).toBe(true);
      const evaluations = runs.map((run) => `${run.head_sha}/${run.external_id}`);
      expect(new Set(evaluations).size).toBe(evaluations.length);
      // No run is left in_progress.
      expect(runs.filter((run) => run.status !== 'completed')).toEqual([]);
      // An older head's evaluation concluded with its own verdict, or was cancelled as
      // superseded when it had shown an in_progress run.
      for (const run of runs.filter((run) => run.head_sha !== newest(pull))) {
        const version = Number.parseInt(run.head_sha.slice(0, 2), 16);
        expect([failsAt(pull, version) ? 'failure' : 'success', 'cancelled']).toContain(
          run.conclusion,
        );
      }
      const stickies = stickiesOf(pull);
      expect(stickies).toHaveLength(1);
      // The sticky comment shows the newest head's result.
      expect(stickies[0]?.body).toContain(newest(pull).slice(0, 7));
    }
    // Both processes did GitHub work: each created check runs.
    const created = replicas.map((replica) => replica.front.writes(/\/check-runs$/));
    console.log(
      `two replicas: ${github.checkRuns.length} check runs for ${PULLS * VERSIONS} heads; ` +
        `created by A ${created[0]}, by B ${created[1]}; ` +
        `requests A ${a.front.requests.length}, B ${b.front.requests.length}`,
    );
    expect(created.every((count) => count > 0)).toBe(true);
  }, 60_000);
});
