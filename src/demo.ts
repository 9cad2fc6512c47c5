import { createDemoRepo } from './local/create-demo-repo.js';
import { runCheckCommand } from './local/run-check-command.js';

const repo = createDemoRepo();
process.stdout.write(`Demo repository: ${repo} (branch \`feature\` against \`main\`)\n`);
process.stdout.write('$ readiness-gate check --base main --head feature\n\n');
const result = await runCheckCommand({ repo, base: 'main', head: 'feature', format: 'text' });
process.stdout.write(result.stdout);
process.stdout.write(
  `\n(exit code ${result.exitCode}: ${result.exitCode === 0 ? 'the gate passes' : 'the gate fails, the merge would be blocked'})\n\n` +
    'Run it on your own repository:\n' +
    '  npm run cli -- check --repo /path/to/repo --base main\n' +
    '  npm run cli -- check --repo . --head WORKTREE --format markdown   # uncommitted changes too\n',
);
