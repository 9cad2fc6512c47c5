import { fileURLToPath } from 'node:url';
import { runChecklistCommand } from './local/run-checklist-command.js';

// The demo reads the bundled example so that it works straight after `npm ci`.
const example = fileURLToPath(new URL('../examples/demo/PRODUCTION_READINESS.md', import.meta.url));

const result = await runChecklistCommand([example], { json: false });
process.stdout.write(result.stdout);
process.stdout.write(
  `Verdict: ${result.exitCode === 0 ? 'PASS' : 'FAIL'} — Phase 1 ${result.exitCode === 0 ? 'is' : 'is not'} green.\n\n` +
    'Try it on your own documents:\n  npm run cli -- checklist path/to/ACTION_PLAN.md\n  npm run cli -- checklist . --json\n',
);
