import { constants } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import {
  ALWAYS_IGNORED,
  DEFAULT_CHECKLIST_GLOBS,
} from '../core/checklist/default-checklist-globs.js';
import { CONFIG_PATH } from '../core/gate/constants.js';
import { CliError } from './cli-error.js';
import type { CommandResult } from './command-result.js';

export const STARTER_DOCUMENT = 'docs/PRODUCTION_READINESS.md';

const CONFIG = `# readiness-gate: turns the readiness document into a merge gate.
# Every key is optional; unknown keys are errors. Check it with \`readiness-gate validate\`.
# The App reads this file from the pull request's base branch, so a PR cannot weaken its gate.

# The readiness documents; without this key, files named *READINESS*.md, *ACTION_PLAN*.md
# or *ACTION-PLAN*.md are found anywhere outside node_modules.
# checklists: [${STARTER_DOCUMENT}]

gate:
  # The phase that must be green (every item done or skipped) before a merge.
  phase: 1
  # A stricter phase per target branch (globs):
  # branches: { 'release/*': 2 }

# open: an item without a marker in a tracked list blocks; ignore: it does not.
untracked: open

# Paths no rule looks at.
ignore: []

# How phase headings are recognised (RE2 syntax, the first group is the phase number).
# phasePattern: '\\bphase\\s*(\\d+)\\b'

# Sections whose items count as skipped.
# outOfScope: [Out of Scope, Future, Nice to have]

rules:
  # Turn a built-in rule off, or change its severity (error blocks, warning and notice annotate).
  disable: []
  severity: {}
  # Add rules of your own:
  # add:
  #   - id: no-console
  #     title: console.log added
  #     severity: notice
  #     description: Use the logger.
  #     check: { kind: added-line-pattern, pattern: 'console\\.log' }
`;

const DOCUMENT = `# Production Readiness

Status: ⏳ In progress. Phase 1 must be complete before any production deployment.
Mark an item done with \`[x]\`; strike out (\`~~item~~\`) what does not apply.

## Phase 1: Critical Fixes

- [ ] No credentials or development keys in the code (secrets come from the environment)
- [ ] Every service that is started in production is enabled (nothing commented out)
- [ ] Every database migration has a rollback
- [ ] Errors are handled and logged, never swallowed by an empty catch
- [ ] The process shuts down cleanly (no bare \`process.exit\` in request paths)

## Phase 2: Operations

- [ ] Health checks and alerts
- [ ] Backups tested by a restore
- [ ] A runbook for the on-call engineer

## Phase 3: Hardening

- [ ] Rate limits on public endpoints
- [ ] A strict Content-Security-Policy (no \`unsafe-inline\`)

## Out of Scope

- Multi-region failover
`;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes a new file and never replaces one (the `wx` flag fails when the file exists). */
async function create(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, text, {
      flag: constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY,
    });
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`, {
      cause: error,
    });
  }
}

/**
 * `readiness-gate init`: a commented `.github/readiness.yml` and, when the repository has no
 * readiness document, a starter one in phases. Refuses (exit 2) when the config exists.
 */
export async function runInitCommand(options: { repo: string }): Promise<CommandResult> {
  const root = resolve(options.repo);
  let info;
  try {
    info = await stat(root);
  } catch (error) {
    throw new CliError(`cannot use --repo ${options.repo}: no such directory`, { cause: error });
  }
  if (!info.isDirectory()) throw new CliError(`cannot use --repo ${options.repo}: not a directory`);
  const config = join(root, CONFIG_PATH);
  if (await exists(config))
    throw new CliError(
      `${CONFIG_PATH} already exists; init never overwrites (edit it, or remove it first)`,
    );
  const documents = await glob(DEFAULT_CHECKLIST_GLOBS, {
    cwd: root,
    ignore: ALWAYS_IGNORED,
    caseSensitiveMatch: false,
  });
  const written: string[] = [];
  await create(config, CONFIG);
  written.push(CONFIG_PATH);
  if (documents.length === 0) {
    await create(join(root, STARTER_DOCUMENT), DOCUMENT);
    written.push(STARTER_DOCUMENT);
  }
  const lines = written.map((path) => `wrote ${path}`);
  if (documents.length > 0)
    lines.push(`readiness document(s) found: ${documents.sort().join(', ')} (no starter written)`);
  lines.push('next: readiness-gate validate, then readiness-gate check --base main');
  return { stdout: `${lines.join('\n')}\n`, exitCode: 0 };
}
