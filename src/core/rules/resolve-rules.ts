import type { GateConfig } from '../config/config-types.js';
import type { Rule, ValidationError } from './rule-types.js';

/** The effective rules: the built-in pack, tuned and extended by the repository's config. */
export function resolveRules(
  builtin: Rule[],
  config: GateConfig,
  configPath: string,
): { rules: Rule[]; errors: ValidationError[] } {
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
  for (const rule of [...builtin, ...config.rules.add]) {
    if (
      byId.has(rule.id) &&
      config.rules.add.includes(rule) &&
      !builtin.includes(byId.get(rule.id) as Rule)
    ) {
      errors.push({
        path: rule.source.path,
        line: rule.source.line,
        column: rule.source.column,
        message: `Unexpected duplicate rule id \`${rule.id}\`, expected ids to be unique`,
      });
    }
    byId.set(rule.id, rule);
  }
  const rules = [...byId.values()]
    .filter((rule) => !config.rules.disable.includes(rule.id))
    .map((rule) =>
      config.rules.severity[rule.id]
        ? { ...rule, severity: config.rules.severity[rule.id]! }
        : rule,
    );
  return { rules, errors };
}
