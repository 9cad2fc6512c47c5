#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { CliError } from './local/cli-error.js';
import type { CommandResult } from './local/command-result.js';
import { runCheckCommand } from './local/run-check-command.js';
import { runPrCheckCommand } from './local/run-pr-check-command.js';
import { runProtectCommand } from './local/run-protect-command.js';
import { runChecklistCommand } from './local/run-checklist-command.js';
import { runRulesCommand, runValidateCommand } from './local/run-rules-commands.js';

const HELP = `readiness-gate — turn a production-readiness document into a merge gate

Usage:
  readiness-gate checklist <file.md|dir|glob>... [--json]
  readiness-gate check [--repo DIR] [--base REF] [--head REF|WORKTREE] [--phase N] [--config FILE] [--format text|json|markdown]
  readiness-gate check --pr <owner/repo#N | URL> [--phase N] [--format ...]   (needs GITHUB_TOKEN; read-only)
  readiness-gate rules [--json] [--repo DIR] [--config FILE]
  readiness-gate validate [--repo DIR] [--config FILE]
  readiness-gate protect --repo owner/name [--branch main]   (needs GITHUB_TOKEN with admin rights)
  readiness-gate --help

Exit codes: 0 the gate passes, 1 it fails, 2 bad input (usage, unreadable file, invalid config).
`;

async function run(argv: string[]): Promise<CommandResult> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    return { stdout: HELP, exitCode: command === undefined ? 2 : 0 };
  }
  switch (command) {
    case 'checklist': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { json: { type: 'boolean', default: false } },
        allowPositionals: true,
      });
      return runChecklistCommand(positionals, { json: values.json ?? false });
    }
    case 'check': {
      const { values } = parseArgs({
        args: rest,
        options: {
          repo: { type: 'string', default: '.' },
          base: { type: 'string' },
          head: { type: 'string' },
          phase: { type: 'string' },
          config: { type: 'string' },
          format: { type: 'string', default: 'text' },
          pr: { type: 'string' },
        },
      });
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'json' && format !== 'markdown') {
        throw new CliError(`unexpected --format ${format}, expected text, json or markdown`);
      }
      const phase = values.phase === undefined ? undefined : Number(values.phase);
      if (phase !== undefined && !(Number.isInteger(phase) && phase >= 1)) {
        throw new CliError(`unexpected --phase ${values.phase}, expected a whole number from 1`);
      }
      if (values.pr !== undefined) {
        return runPrCheckCommand(values.pr, {
          format,
          phase,
          token: process.env.GITHUB_TOKEN,
          baseUrl: process.env.GITHUB_API_URL,
        });
      }
      return runCheckCommand({
        repo: values.repo ?? '.',
        base: values.base,
        head: values.head,
        phase,
        config: values.config,
        format,
      });
    }
    case 'rules': {
      const { values } = parseArgs({
        args: rest,
        options: {
          json: { type: 'boolean', default: false },
          repo: { type: 'string', default: '.' },
          config: { type: 'string' },
        },
      });
      return runRulesCommand({
        json: values.json ?? false,
        repo: values.repo ?? '.',
        config: values.config,
      });
    }
    case 'validate': {
      const { values } = parseArgs({
        args: rest,
        options: { repo: { type: 'string', default: '.' }, config: { type: 'string' } },
      });
      return runValidateCommand({ repo: values.repo ?? '.', config: values.config });
    }
    case 'protect': {
      const { values } = parseArgs({
        args: rest,
        options: { repo: { type: 'string' }, branch: { type: 'string' } },
      });
      return runProtectCommand({
        repo: values.repo,
        branch: values.branch,
        token: process.env.GITHUB_TOKEN,
        baseUrl: process.env.GITHUB_API_URL,
      });
    }
    default:
      throw new CliError(
        `unknown command "${command}", expected one of: checklist, check, rules, validate, protect (see --help)`,
      );
  }
}

try {
  const result = await run(process.argv.slice(2));
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
