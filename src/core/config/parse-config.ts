import { DEFAULT_CONFIG, type GateConfig } from './config-types.js';
import { parseRuleValue, readYaml } from '../rules/parse-rules.js';
import type { CheckRegistry, Rule, ValidationError } from '../rules/rule-types.js';
import { validateYaml } from './validate-yaml.js';

export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'readiness-gate config (.github/readiness.yml)',
  type: 'object',
  additionalProperties: false,
  properties: {
    _extends: {
      type: 'string',
      minLength: 1,
      description:
        "another repo's config to start from: `.github`, `owner/repo` or `owner/repo:path`",
    },
    checklists: { type: 'array', items: { type: 'string', minLength: 1 } },
    comment: {
      type: 'object',
      additionalProperties: false,
      properties: { drafts: { type: 'boolean' } },
    },
    gate: {
      type: 'object',
      additionalProperties: false,
      properties: {
        phase: { type: 'integer', minimum: 1 },
        branches: { type: 'object', additionalProperties: { type: 'integer', minimum: 1 } },
      },
    },
    untracked: { enum: ['open', 'ignore'] },
    ignore: { type: 'array', items: { type: 'string', minLength: 1 } },
    phasePattern: { type: 'string', minLength: 1 },
    outOfScope: { type: 'array', items: { type: 'string', minLength: 1 } },
    evidence: {
      type: 'object',
      description:
        'links checklist items to rules: `"<item text fragment>": [rule-id, ...]`; a linked item marked done while a rule still finds violations at head is claimed, not true',
      additionalProperties: {
        type: 'array',
        minItems: 1,
        items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
      },
    },
    rules: {
      type: 'object',
      additionalProperties: false,
      properties: {
        disable: { type: 'array', items: { type: 'string' } },
        severity: {
          type: 'object',
          additionalProperties: { enum: ['error', 'warning', 'notice'] },
        },
        add: { type: 'array', items: { type: 'object' } },
      },
    },
  },
} as const;

export interface ParseConfigResult {
  config: GateConfig;
  errors: ValidationError[];
}

/** Parses `.github/readiness.yml`; unknown keys and wrong types are errors with file:line. */
export function parseConfig(
  text: string,
  path: string,
  registry: CheckRegistry,
): ParseConfigResult {
  if (text.trim() === '') return { config: DEFAULT_CONFIG, errors: [] };
  const { source, value, errors } = readYaml(text, path);
  if (errors.length > 0) return { config: DEFAULT_CONFIG, errors };
  const found = validateYaml(source, value, CONFIG_SCHEMA);
  if (found.length > 0) return { config: DEFAULT_CONFIG, errors: found };
  const raw = (value ?? {}) as Partial<Omit<GateConfig, 'rules'>> & {
    rules?: Partial<GateConfig['rules']> & { add?: unknown[] };
  };
  const added: Rule[] = [];
  (raw.rules?.add ?? []).forEach((item, index) => {
    const result = parseRuleValue(source, item, ['rules', 'add', index], registry);
    if (result.rule) added.push(result.rule);
    found.push(...result.errors);
  });
  const config: GateConfig = {
    checklists: raw.checklists ?? [],
    gate: { phase: raw.gate?.phase ?? 1, branches: raw.gate?.branches ?? {} },
    untracked: raw.untracked ?? 'open',
    ignore: raw.ignore ?? [],
    rules: { disable: raw.rules?.disable ?? [], severity: raw.rules?.severity ?? {}, add: added },
    phasePattern: raw.phasePattern ?? null,
    outOfScope: raw.outOfScope ?? null,
    extends: (value as { _extends?: string } | null)?._extends ?? null,
    comment: {
      drafts: (value as { comment?: { drafts?: boolean } } | null)?.comment?.drafts ?? false,
    },
    evidence: (value as { evidence?: Record<string, string[]> } | null)?.evidence ?? {},
  };
  return { config, errors: found };
}
