import { run } from 'probot';
import app from './app.js';
import { startServer } from './github/start-server.js';

// Probot reads APP_ID, PRIVATE_KEY / PRIVATE_KEY_PATH, WEBHOOK_SECRET, LOG_LEVEL and
// GHE_HOST / GHE_PROTOCOL from the environment. Without credentials, Probot's own server runs
// its setup flow; with them, the App's server (body-size guard, per-installation throttling).
const configured = process.env.APP_ID && (process.env.PRIVATE_KEY || process.env.PRIVATE_KEY_PATH);
if (configured) {
  const server = await startServer({
    port: Number(process.env.PORT ?? 3000),
    host: process.env.HOST ?? '0.0.0.0',
  });
  server.probot.log.info(`Readiness Gate listening on port ${server.port}`);
  // On shutdown, stop taking webhooks and let running evaluations conclude their runs.
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => {
      server.probot.log.info(`${signal}: finishing running evaluations`);
      void server.stop().finally(() => process.exit(0));
    });
} else {
  await run(app);
}
