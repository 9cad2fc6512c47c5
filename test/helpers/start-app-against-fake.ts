import { generateKeyPairSync } from 'node:crypto';
import { startServer, type StartedServer } from '../../src/github/start-server.js';
import { FakeGitHub, type FakeState } from './fake-github-server.js';
import { FaultProxy } from './fault-proxy.js';
import { postWebhook, signWebhook } from './post-webhook.js';

/** The real App server, behind a fault proxy, in front of a local fake GitHub. */
export interface AppAgainstFake {
  github: FakeGitHub;
  proxy: FaultProxy;
  app: StartedServer;
  /** `sha256=` HMAC of a body with the webhook secret, as GitHub signs it. */
  sign(body: string): string;
  /** POSTs a webhook (signed unless a signature is given) and returns the HTTP status. */
  post(name: string, payload: object, options: { id: string; signature?: string }): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the fake GitHub, the fault proxy and the App on random loopback ports. */
export async function startAppAgainstFake(
  state: FakeState,
  options: { secret: string; timeoutMs: number },
): Promise<AppAgainstFake> {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const github = new FakeGitHub(state);
  await github.start();
  const proxy = new FaultProxy(() => github.port, state);
  await proxy.start();
  const app = await startServer({
    env: {
      APP_ID: '123',
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: options.secret,
      GHE_HOST: `127.0.0.1:${proxy.port}`,
      GHE_PROTOCOL: 'http',
      LOG_LEVEL: 'fatal',
    },
    port: 0,
    host: '127.0.0.1',
    app: { timeoutMs: options.timeoutMs },
    throttle: { retryAfterBaseValue: 50 },
  });
  return {
    github,
    proxy,
    app,
    sign: (body) => signWebhook(options.secret, body),
    post: (name, payload, { id, signature }) =>
      postWebhook({
        port: app.port,
        secret: options.secret,
        name,
        id,
        payload,
        ...(signature !== undefined ? { signature } : {}),
      }),
    async stop() {
      await app.stop();
      await proxy.stop();
      await github.stop();
    },
  };
}
