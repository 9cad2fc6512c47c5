import type { GateConfig } from '../config/config-types.js';
import type { Rule, ValidationError } from './rule-types.js';

/**
 * The effective rules: the built-in pack, tuned and extended by the repository's config. A
 * config rule with a built-in rule's id replaces it only with `override: true` (the resolved
 * rule keeps `override: true`, for the report); without it, it is an error at its file:line
 * and the built-in rule stays, so a neutered `dev-keys` cannot pass a secret unseen.
 */
export function resolveRules(
  builtin: Rule[],
  config: GateConfig,
  configPath: string,
): { rules: Rule[]; errors: ValidationError[]; overridden: Rule[] } {
  const errors: ValidationError[] = [];
  const known = new Set([...builtin, ...config.rules.add].map((rule) => rule.id));
  const unknown = (id: string, where: string) =>
    errors.push({
      path: configPath,
      line: 1,
      column: 1,
      message: `Unexpected rule id \`${id}\` in \`rules.${where}\`, expected one of: ${[...known].join(', ')}`,
    });
  for (const id of config.rules.disable) if (!known.has(id)) unknown(id, 'disable');
  for (const id of Object.keys(config.rules.severity)) if (!known.has(id)) unknown(id, 'severity');
  const byId = new Map<string, Rule>();
  const builtinIds = new Set<string>();
  for (const rule of builtin) {
    byId.set(rule.id, rule);
    builtinIds.add(rule.id);
  }
  const added = new Set<string>();
  const overridden: Rule[] = [];
  for (const rule of config.rules.add) {
    const at = { path: rule.source.path, line: rule.source.line, column: rule.source.column };
    if (added.has(rule.id)) {
      errors.push({
        ...at,
        message: `Unexpected duplicate rule id \`${rule.id}\`, expected ids to be unique`,
      });
      continue;
    }
    added.add(rule.id);
    if (builtinIds.has(rule.id)) {
      if (rule.override !== true) {
        errors.push({
          ...at,
          message: `Unexpected rule id \`${rule.id}\` in \`rules.add\`: it is a built-in rule, expected a new id, or \`override: true\` to replace it (the report shows overrides)`,
        });
        continue;
      }
      const replacement = { ...rule, override: true };
      overridden.push(replacement);
      byId.set(rule.id, replacement);
      continue;
    }
    // `override` means nothing on a new id: dropped, so the report shows no override.
    const { override: _unused, ...plain } = rule;
    byId.set(rule.id, plain);
  }
  const rules = [...byId.values()]
    .filter((rule) => !config.rules.disable.includes(rule.id))
    .map((rule) =>
      config.rules.severity[rule.id]
        ? { ...rule, severity: config.rules.severity[rule.id]! }
        : rule,
    );
  return { rules, errors, overridden };
}
