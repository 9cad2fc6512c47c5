#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { CliError } from './local/cli-error.js';
import type { CommandResult } from './local/command-result.js';
import { runChecklistCommand } from './local/run-checklist-command.js';

const HELP = `readiness-gate — turn a production-readiness document into a merge gate

Usage:
  readiness-gate checklist <file.md|dir|glob>... [--json]
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
    default:
      throw new CliError(`unknown command "${command}", expected one of: checklist (see --help)`);
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
