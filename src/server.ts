import { run } from 'probot';
import app from './app.js';

// Probot reads APP_ID, PRIVATE_KEY / PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, LOG_LEVEL and
// GHE_HOST / GHE_PROTOCOL from the environment; without credentials it starts its setup flow.
await run(app);
