#!/usr/bin/env node
// Only node built-ins and two tiny modules load up front: each command imports what it needs
// when it runs, so `--version`, `--help` and a small `check` start fast (no Probot, no Octokit,
// no remark unless the command uses them).
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './local/cli-error.js';
import type { CommandResult } from './local/command-result.js';

const USAGE = `Usage: readiness-gate <command> [options]

Commands:
  check      the whole gate on a local git repository (or a pull request with --pr)
  checklist  parse readiness documents and show their phases and items
  rules      list the effective rules
  validate   validate the config and rule files, reporting every error
  init       write a commented .github/readiness.yml (and a starter readiness document)
  protect    make the gate a required check on a branch (GitHub, needs a token)

Options: --help (also after a command), --version
Exit codes: 0 the gate passes, 1 it fails, 2 bad input (usage, unreadable file, invalid config).
`;

const HELP: Record<string, string> = {
  check: `Usage: readiness-gate check [--repo DIR] [--base REF] [--head REF|WORKTREE] [--phase N]
                            [--config FILE] [--format text|json|markdown|sarif] [--json]
       readiness-gate check --pr <owner/repo#N | URL> [--phase N] [--format ...]

Runs the gate on the change merge-base(base, head)..head of a local git repository.
  --repo DIR      the repository (default: the current directory)
  --base REF      what the change is compared with (default: origin's default branch, main,
                  master, else HEAD~1)
  --head REF      the change (default: HEAD); WORKTREE for the working tree with uncommitted
                  and untracked files
  --phase N       the gating phase (default: from the config, by target branch)
  --config FILE   the config (default: .github/readiness.yml at the base commit, so a change
                  cannot weaken its own gate; the working tree's with --head WORKTREE)
  --format F      text (default), json (the SPEC contract), markdown (what the App posts),
                  sarif (SARIF 2.1.0 for code scanning); --json is --format json
  --pr REF        read a pull request through the GitHub API instead (GITHUB_TOKEN, read-only)
Exit codes: 0 the gate passes, 1 it fails, 2 bad input.
`,
  checklist: `Usage: readiness-gate checklist <file.md|dir|glob>... [--json]

Parses readiness documents and prints their phases, counts and the items that keep Phase 1
from green. A directory is searched for the default document names.
Exit codes: 0 every document's Phase 1 is green, 1 otherwise, 2 bad input.
`,
  rules: `Usage: readiness-gate rules [--repo DIR] [--config FILE] [--json]

Lists the effective rules: the built-in pack tuned by the config.
`,
  validate: `Usage: readiness-gate validate [--repo DIR] [--config FILE] [--json]

Validates the config and the rule files and reports every error with file:line:column.
Exit codes: 0 valid, 2 any error (or a missing file or repository).
`,
  init: `Usage: readiness-gate init [--repo DIR]

Writes a commented .github/readiness.yml and, when the repository has no readiness document,
a starter docs/PRODUCTION_READINESS.md. Never overwrites a file (exit 2 instead).
`,
  protect: `Usage: readiness-gate protect --repo owner/name [--branch main]

Makes "Readiness Gate" a required status check on the branch (GITHUB_TOKEN with admin rights).
`,
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function parse<Options extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: Options,
) {
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}

function noPositionals(positionals: string[]): void {
  if (positionals.length > 0)
    throw new CliError(`unexpected argument ${positionals[0]} (see --help)`);
}

type Format = 'text' | 'json' | 'markdown' | 'sarif';

function formatOf(values: { format?: unknown; json?: unknown }, allowed: Format[]): Format {
  const format = values.json === true ? 'json' : ((values.format as string | undefined) ?? 'text');
  if (values.json === true && values.format !== undefined && values.format !== 'json')
    throw new CliError(`unexpected --json with --format ${String(values.format)}, expected one`);
  if (!allowed.includes(format as Format))
    throw new CliError(`unexpected --format ${format}, expected ${allowed.join(', ')}`);
  return format as Format;
}

async function run(argv: string[]): Promise<CommandResult & { stderr?: string }> {
  const [command, ...rest] = argv;
  if (command === undefined) return { stdout: '', stderr: USAGE, exitCode: 2 };
  if (command === '--version' || command === '-V' || command === 'version')
    return { stdout: `${version()}\n`, exitCode: 0 };
  if (command === '--help' || command === '-h') return { stdout: USAGE, exitCode: 0 };
  if (command === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { stdout: USAGE, exitCode: 0 };
    const text = HELP[topic];
    if (!text) throw new CliError(`unknown command "${topic}" (see --help)`);
    return { stdout: text, exitCode: 0 };
  }
  const help = HELP[command];
  if (help && (rest.includes('--help') || rest.includes('-h')))
    return { stdout: help, exitCode: 0 };
  switch (command) {
    case 'checklist': {
      const { values, positionals } = parse(rest, {
        json: { type: 'boolean' },
        format: { type: 'string' },
      });
      const { runChecklistCommand } = await import('./local/run-checklist-command.js');
      return runChecklistCommand(positionals, {
        json: formatOf(values, ['text', 'json']) === 'json',
      });
    }
    case 'check': {
      const { values, positionals } = parse(rest, {
        repo: { type: 'string', default: '.' },
        base: { type: 'string' },
        head: { type: 'string' },
        phase: { type: 'string' },
        config: { type: 'string' },
        format: { type: 'string' },
        json: { type: 'boolean' },
        pr: { type: 'string' },
      });
      noPositionals(positionals);
      const format = formatOf(values, ['text', 'json', 'markdown', 'sarif']);
      const phase = values.phase === undefined ? undefined : Number(values.phase);
      if (phase !== undefined && !(Number.isInteger(phase) && phase >= 1)) {
        throw new CliError(`unexpected --phase ${values.phase}, expected a whole number from 1`);
      }
      if (values.pr !== undefined) {
        const { runPrCheckCommand } = await import('./local/run-pr-check-command.js');
        return runPrCheckCommand(values.pr, {
          format,
          phase,
          token: process.env.GITHUB_TOKEN,
          baseUrl: process.env.GITHUB_API_URL,
        });
      }
      const [{ runCheckCommand }, { wantsColor }, { createProgress }] = await Promise.all([
        import('./local/run-local-check.js'),
        import('./local/colorize-report.js'),
        import('./local/create-progress.js'),
      ]);
      const progress = createProgress(process.stderr);
      try {
        return await runCheckCommand({
          repo: values.repo ?? '.',
          base: values.base,
          head: values.head,
          phase,
          config: values.config,
          format,
          color: wantsColor(process.stdout, process.env),
          version: version(),
          onProgress: progress.report,
        });
      } finally {
        progress.done();
      }
    }
    case 'rules': {
      const { values, positionals } = parse(rest, {
        json: { type: 'boolean' },
        format: { type: 'string' },
        repo: { type: 'string', default: '.' },
        config: { type: 'string' },
      });
      noPositionals(positionals);
      const { runRulesCommand } = await import('./local/run-rules-commands.js');
      return runRulesCommand({
        json: formatOf(values, ['text', 'json']) === 'json',
        repo: values.repo ?? '.',
        config: values.config,
      });
    }
    case 'validate': {
      const { values, positionals } = parse(rest, {
        repo: { type: 'string', default: '.' },
        config: { type: 'string' },
        json: { type: 'boolean' },
        format: { type: 'string' },
      });
      noPositionals(positionals);
      const { runValidateCommand } = await import('./local/run-rules-commands.js');
      return runValidateCommand({
        repo: values.repo ?? '.',
        config: values.config,
        json: formatOf(values, ['text', 'json']) === 'json',
      });
    }
    case 'init': {
      const { values, positionals } = parse(rest, { repo: { type: 'string', default: '.' } });
      noPositionals(positionals);
      const { runInitCommand } = await import('./local/run-init-command.js');
      return runInitCommand({ repo: values.repo ?? '.' });
    }
    case 'protect': {
      const { values, positionals } = parse(rest, {
        repo: { type: 'string' },
        branch: { type: 'string' },
      });
      noPositionals(positionals);
      const { runProtectCommand } = await import('./local/run-protect-command.js');
      return runProtectCommand({
        repo: values.repo,
        branch: values.branch,
        token: process.env.GITHUB_TOKEN,
        baseUrl: process.env.GITHUB_API_URL,
      });
    }
    default:
      throw new CliError(
        `unknown command "${command}", expected one of: ${Object.keys(HELP).join(', ')} (see --help)`,
      );
  }
}

// `readiness-gate check | head`: the reader went away; that is not an error worth a trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  const result = await run(process.argv.slice(2));
  if (result.stderr) process.stderr.write(result.stderr);
  process.stdout.write(result.stdout);
  process.exitCode = result.exitCode;
} catch (error) {
  const usage =
    error instanceof CliError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`readiness-gate: ${message.split('\n')[0]}\n`);
  // Usage and input problems are exit 2 by contract; so is an unexpected crash, with its message.
  process.exitCode = 2;
  if (!usage && process.env.DEBUG) console.error(error);
}
