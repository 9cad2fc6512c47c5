import { resolve } from 'node:path';
import type { CommandResult } from './command-result.js';
import { loadGateSetup } from './run-check-command.js';

/** `readiness-gate rules`: the effective rules after the config's changes. */
export function runRulesCommand(options: {
  json: boolean;
  repo: string;
  config?: string;
}): CommandResult {
  const { rules } = loadGateSetup(resolve(options.repo), options.config);
  if (options.json) return { stdout: `${JSON.stringify({ rules }, null, 2)}\n`, exitCode: 0 };
  const lines = rules.map(
    (rule) =>
      `${rule.id.padEnd(22)} ${rule.severity.padEnd(8)} phase ${rule.phase}  ${rule.check.kind.padEnd(19)} ${rule.title}`,
  );
  return { stdout: `${lines.join('\n')}\n`, exitCode: 0 };
}

/** `readiness-gate validate`: config and rule files; any error is exit 2 with file:line. */
export function runValidateCommand(options: { repo: string; config?: string }): CommandResult {
  const { rules, configPath } = loadGateSetup(resolve(options.repo), options.config);
  return { stdout: `${configPath}: ok (${rules.length} rules in effect)\n`, exitCode: 0 };
}
