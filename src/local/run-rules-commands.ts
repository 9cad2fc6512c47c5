import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { compileUserRegex } from '../core/rules/compile-user-regex.js';
import type { ValidationError } from '../core/rules/rule-types.js';
import { CliError } from './cli-error.js';
import type { CommandResult } from './command-result.js';
import { describeExtends } from './describe-extends.js';
import { collectGateSetup, loadGateSetup, readConfigText } from './load-gate-setup.js';

/** `readiness-gate rules`: the effective rules after the config's changes. */
export async function runRulesCommand(options: {
  json: boolean;
  repo: string;
  config?: string;
}): Promise<CommandResult> {
  await requireDirectory(options.repo);
  const { rules } = loadGateSetup(resolve(options.repo), options.config);
  if (options.json) return { stdout: `${JSON.stringify({ rules }, null, 2)}\n`, exitCode: 0 };
  const lines = rules.map(
    (rule) =>
      `${rule.id.padEnd(22)} ${rule.severity.padEnd(8)} phase ${rule.phase}  ${rule.check.kind.padEnd(19)} ${rule.title}`,
  );
  return { stdout: `${lines.join('\n')}\n`, exitCode: 0 };
}

async function requireDirectory(repo: string): Promise<void> {
  let info;
  try {
    info = await stat(resolve(repo));
  } catch (error) {
    throw new CliError(`cannot use --repo ${repo}: no such directory`, { cause: error });
  }
  if (!info.isDirectory()) throw new CliError(`cannot use --repo ${repo}: not a directory`);
}

/** Where a top-level key is written in the config text, for errors about its value. */
function lineOf(text: string | null, key: string): number {
  const lines = (text ?? '').split('\n');
  const at = lines.findIndex((line) => line.startsWith(`${key}:`));
  return at === -1 ? 1 : at + 1;
}

/** The config's `phasePattern` as written, even when other keys make the config invalid. */
function rawPhasePattern(text: string | null): string | null {
  if (text === null) return null;
  try {
    const value = (parseYaml(text) as { phasePattern?: unknown } | null)?.phasePattern;
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** Errors about `phasePattern` that only show when a document is parsed: check them now. */
function checkPhasePattern(
  pattern: string | null,
  text: string | null,
  shown: string,
): ValidationError[] {
  if (pattern === null) return [];
  const where = { path: shown, line: lineOf(text, 'phasePattern'), column: 1 };
  const compiled = compileUserRegex(pattern, { ignoreCase: true });
  if (compiled.error !== undefined) return [{ ...where, message: compiled.error }];
  if (!/(^|[^\\])\((?!\?)/.test(pattern))
    return [
      {
        ...where,
        message: `Unexpected phasePattern \`${pattern}\` without a capture group, expected one that captures the phase number, e.g. \`\\bstage\\s*(\\d+)\``,
      },
    ];
  return [];
}

/**
 * `readiness-gate validate`: the config and every rule file, with every error (not the first);
 * exit 2 on any error, on a missing `--config` file or a missing repository.
 */
export async function runValidateCommand(options: {
  repo: string;
  config?: string;
  json?: boolean;
}): Promise<CommandResult> {
  await requireDirectory(options.repo);
  const { text, shown } = readConfigText(resolve(options.repo), options.config);
  const setup = collectGateSetup(text, shown);
  const errors = [...setup.errors, ...checkPhasePattern(rawPhasePattern(text), text, shown)].sort(
    (a, b) =>
      a.path === b.path ? a.line - b.line || a.column - b.column : a.path < b.path ? -1 : 1,
  );
  const notes: string[] = [];
  if (text === null) notes.push(`${shown}: not found; the defaults apply`);
  const extendsNote = describeExtends(setup.config.extends, shown);
  if (extendsNote) notes.push(extendsNote);
  const exitCode = errors.length > 0 ? 2 : 0;
  if (options.json) {
    const stdout = `${JSON.stringify({ valid: errors.length === 0, config: shown, rules: setup.rules.length, errors, notes }, null, 2)}\n`;
    return { stdout, exitCode };
  }
  const lines = errors.map(
    (error) => `${error.path}:${error.line}:${error.column}: ${error.message}`,
  );
  for (const note of notes) lines.push(`note: ${note}`);
  if (errors.length === 0) lines.push(`${shown}: ok (${setup.rules.length} rules in effect)`);
  return {
    stdout: `${lines.join('\n')}\n`,
    ...(errors.length > 0
      ? { stderr: `readiness-gate: ${errors.length} error(s) in the config and rules\n` }
      : {}),
    exitCode,
  };
}
