import { DEFAULT_CONFIG } from '../core/config/config-types.js';
import { resolveRules } from '../core/rules/resolve-rules.js';
import type { GateSetup } from './load-gate-setup.js';
import {
  BUILTIN_RULES_CACHE,
  readBuiltinRulesCache,
  trustBuiltinRules,
} from './read-builtin-rules-cache.js';
import { readConfigText } from './read-config-text.js';

/**
 * The setup from a config's text for the CLI's hot path: without a config and with the build's
 * cache of the pack, nothing needs the YAML parser or the schema validator, so they are not
 * even loaded. Any error is bad input (exit 2) at file:line.
 */
export async function setupLazily(
  text: string | null,
  shown: string,
  cachePath = BUILTIN_RULES_CACHE,
): Promise<GateSetup> {
  if (text === null) {
    const cached = readBuiltinRulesCache(cachePath);
    if (cached) {
      // The same trusted pack loadBuiltinRules gives, or the CLI would run the built-in
      // patterns on RE2 where the App runs them on V8.
      const resolved = resolveRules(trustBuiltinRules(cached), DEFAULT_CONFIG, shown);
      if (resolved.errors.length === 0)
        return { config: DEFAULT_CONFIG, rules: resolved.rules, configPath: shown };
    }
  }
  const { setupFromConfigText } = await import('./load-gate-setup.js');
  return setupFromConfigText(text, shown);
}

/** `loadGateSetup` (the working tree's config, or `--config`) for the CLI's hot path. */
export async function loadGateSetupLazily(repo: string, configPath?: string): Promise<GateSetup> {
  const { text, shown } = readConfigText(repo, configPath);
  return setupLazily(text, shown);
}
