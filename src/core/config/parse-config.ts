import { DEFAULT_CONFIG, type GateConfig, type NotScannedPolicy } from './config-types.js';
import { parseRuleValue, readYaml } from '../rules/parse-rules.js';
import type { CheckRegistry, Rule, ValidationError } from '../rules/rule-types.js';
import { validateConfigGlobs } from './validate-globs.js';
import { validateYaml } from './validate-yaml.js';

const NOT_SCANNED_ACTION = {
  enum: ['fail', 'warn'],
  description: '`fail` blocks the merge, `warn` only lists the file',
} as const;

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
    migrations: {
      enum: ['reversible', 'forward-only'],
      description:
        '`forward-only`: migrations are never rolled back, so missing rollbacks are not reported',
    },
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
    notScanned: {
      description:
        'files the gate could not scan: `fail` or `warn` for all, or per kind (default: text fails, binaries warn)',
      anyOf: [
        NOT_SCANNED_ACTION,
        {
          type: 'object',
          additionalProperties: false,
          properties: { text: NOT_SCANNED_ACTION, binary: NOT_SCANNED_ACTION },
        },
      ],
    },
    waivers: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allowAuthor: {
          type: 'boolean',
          description: "whether a PR's author may waive findings of their own PR (default false)",
        },
      },
    },
  },
} as const;

function readNotScannedPolicy(raw: unknown): NotScannedPolicy {
  const defaults = DEFAULT_CONFIG.notScanned;
  if (raw === 'fail' || raw === 'warn') return { text: raw, binary: raw };
  const given = (raw ?? {}) as Partial<NotScannedPolicy>;
  return { text: given.text ?? defaults.text, binary: given.binary ?? defaults.binary };
}

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
  // A glob that backtracks exponentially would stall every evaluation: refused like a bad key.
  found.push(...validateConfigGlobs(source, value));
  const raw = (value ?? {}) as Partial<Omit<GateConfig, 'rules'>> & {
    rules?: Partial<GateConfig['rules']> & { add?: unknown[] };
  };
  const added: Rule[] = [];
  (raw.rules?.add ?? []).forEach((item, index) => {
    const result = parseRuleValue(source, item, ['rules', 'add', index], registry);
    // `override: true` lets the rule replace a built-in rule of the same id, which resolveRules
    // otherwise refuses; the report shows every override.
    const override = (item as { override?: boolean } | null)?.override === true;
    if (result.rule) added.push(override ? { ...result.rule, override: true } : result.rule);
    found.push(...result.errors);
  });
  const migrations = (value as { migrations?: GateConfig['migrations'] } | null)?.migrations;
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
    notScanned: readNotScannedPolicy((value as { notScanned?: unknown } | null)?.notScanned),
    waivers: {
      allowAuthor:
        (value as { waivers?: { allowAuthor?: boolean } } | null)?.waivers?.allowAuthor ?? false,
    },
    ...(migrations ? { migrations } : {}),
    evidence: (value as { evidence?: Record<string, string[]> } | null)?.evidence ?? {},
  };
  return { config, errors: found };
}
