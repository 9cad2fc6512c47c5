import type { CheckRegistry } from './rule-types.js';

/**
 * The JSON Schema of one rule. `rules/rule.schema.json` is this object, written out for editors
 * (`npm run schema`); a test keeps the two equal.
 */
export function ruleSchema(registry: CheckRegistry) {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://readiness-gate.dev/rule.schema.json',
    title: 'readiness-gate rule',
    type: 'object',
    required: ['id', 'title', 'severity', 'description', 'check'],
    additionalProperties: false,
    properties: {
      id: {
        type: 'string',
        pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
        description: 'a kebab-case id such as `dev-keys`',
      },
      title: { type: 'string', minLength: 1 },
      severity: { enum: ['error', 'warning', 'notice'], description: '`error` blocks the merge' },
      phase: {
        type: 'integer',
        minimum: 1,
        description: 'the phase whose gate the rule belongs to (default 1)',
      },
      description: {
        type: 'string',
        minLength: 1,
        description: 'markdown: why it matters and how to fix it',
      },
      checklist: { type: 'array', items: { type: 'string', minLength: 1 } },
      override: {
        type: 'boolean',
        description:
          "in a config's `rules.add` only: replace the built-in rule with this id (the report shows it)",
      },
      paths: {
        type: 'object',
        additionalProperties: false,
        properties: {
          include: { type: 'array', items: { type: 'string', minLength: 1 } },
          exclude: { type: 'array', items: { type: 'string', minLength: 1 } },
        },
      },
      check: {
        type: 'object',
        required: ['kind'],
        properties: { kind: { enum: [...registry.keys()] } },
        oneOf: [...registry.values()].map((check) => check.meta.schema),
      },
    },
  } as const;
}

/** The same schema without the per-kind options, for a first pass that names the bad key. */
const shapes = new WeakMap<CheckRegistry, Record<string, unknown>>();

export function ruleShapeSchema(registry: CheckRegistry): Record<string, unknown> {
  const cached = shapes.get(registry);
  if (cached) return cached;
  const schema = ruleSchema(registry);
  const shape = {
    ...schema,
    properties: {
      ...schema.properties,
      check: {
        type: 'object',
        required: ['kind'],
        properties: { kind: { enum: [...registry.keys()] } },
      },
    },
  };
  shapes.set(registry, shape);
  return shape;
}
