import { CONFIG_SCHEMA } from '../config/parse-config.js';
import { ruleSchema } from '../rules/rule-schema.js';
import type { CheckRegistry } from '../rules/rule-types.js';

/** The JSON Schema files shipped in `rules/`, exactly as the engine validates with them. */
export function renderSchemas(registry: CheckRegistry): Record<string, string> {
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
    'rule.schema.json': `${JSON.stringify(ruleSchema(registry), null, 2)}\n`,
    'config.schema.json': `${JSON.stringify(config, null, 2)}\n`,
  };
}
