import { CONFIG_SCHEMA } from './parse-config.js';
import { RULE_SCHEMA } from './rule-schema.js';

/** The JSON Schema files shipped in `rules/`, exactly as the engine validates with them. */
export function renderSchemas(): Record<string, string> {
  const config = {
    ...CONFIG_SCHEMA,
    $id: 'https://readiness-gate.dev/config.schema.json',
    properties: {
      ...CONFIG_SCHEMA.properties,
      rules: {
        ...CONFIG_SCHEMA.properties.rules,
        properties: {
          ...CONFIG_SCHEMA.properties.rules.properties,
          add: { type: 'array', items: { $ref: 'rule.schema.json' } },
        },
      },
    },
  };
  return {
    'rule.schema.json': `${JSON.stringify(RULE_SCHEMA, null, 2)}\n`,
    'config.schema.json': `${JSON.stringify(config, null, 2)}\n`,
  };
}
