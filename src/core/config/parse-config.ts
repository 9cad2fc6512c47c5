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
    whenUnconfigured: {
      enum: ['skip', 'neutral'],
      description:
        'a repository with no readiness document and no config of its own: no check run (`skip`) or a `neutral` one',
    },
    ignore: { type: 'array', items: { type: 'string', minLength: 1 } },
    phasePattern: { type: 'string', minLength: 1 },
    outOfScope: { type: 'array', items: { type: 'string', minLength: 1 } },
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
    whenUnconfigured: raw.whenUnconfigured ?? 'skip',
  };
  return { config, errors: found };
}
