import { CHECKS } from '../checks/index.js';
import { DEFAULT_CONFIG, type GateConfig } from '../core/config/config-types.js';
import { parseConfig } from '../core/config/parse-config.js';
import { resolveRules } from '../core/rules/resolve-rules.js';
import type { Rule, ValidationError } from '../core/rules/rule-types.js';
import { CliError } from './cli-error.js';
import { loadBuiltinRules } from './load-builtin-rules.js';
import { readConfigText } from './read-config-text.js';

export { readConfigText };

export interface GateSetup {
  config: GateConfig;
  rules: Rule[];
  configPath: string;
}

/** Config and effective rules from the config's text, with every error found (none thrown). */
export function collectGateSetup(
  text: string | null,
  shown: string,
): GateSetup & { errors: ValidationError[] } {
  let config = DEFAULT_CONFIG;
  const errors: ValidationError[] = [];
  if (text !== null) {
    const parsed = parseConfig(text, shown, CHECKS);
    config = parsed.config;
    errors.push(...parsed.errors);
  }
  const builtin = loadBuiltinRules();
  errors.push(...builtin.errors);
  const resolved = resolveRules(builtin.rules, config, shown);
  errors.push(...resolved.errors);
  return { config, rules: resolved.rules, configPath: shown, errors };
}

/** Config and effective rules from the config's text; any error is bad input (exit 2) at file:line. */
export function setupFromConfigText(text: string | null, shown: string): GateSetup {
  const { errors, ...setup } = collectGateSetup(text, shown);
  const [first] = errors;
  if (first) {
    const more =
      errors.length > 1 ? ` (and ${errors.length - 1} more; run \`readiness-gate validate\`)` : '';
    throw new CliError(`${first.path}:${first.line}:${first.column}: ${first.message}${more}`);
  }
  return setup;
}

/** Loads config (from the working tree or `--config`) and rules; the first error is exit 2. */
export function loadGateSetup(repo: string, configPath?: string): GateSetup {
  const { text, shown } = readConfigText(repo, configPath);
  return setupFromConfigText(text, shown);
}
