import { isSeq, LineCounter, parseDocument } from 'yaml';
import { maskSecrets } from './mask-secret.js';
import { ruleShapeSchema } from './rule-schema.js';
import type { CheckRegistry, Rule, ValidationError } from './rule-types.js';
import { locate, validateYaml, type YamlSource } from '../config/validate-yaml.js';

export interface ParseRulesResult {
  rules: Rule[];
  errors: ValidationError[];
}

/** Reads a YAML document, collecting syntax errors with their positions instead of throwing. */
export function readYaml(
  text: string,
  path: string,
): { source: YamlSource; value: unknown; errors: ValidationError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const errors = doc.errors.map((error) => {
    const { line, col } = lines.linePos(error.pos[0]);
    return { path, line, column: col, message: `Unexpected YAML: ${error.message.split('\n')[0]}` };
  });
  return { source: { path, doc, lines }, value: errors.length > 0 ? null : doc.toJS(), errors };
}

/** Validates one rule value found at `base` in a YAML document; a bad rule never stops others. */
export function parseRuleValue(
  source: YamlSource,
  value: unknown,
  base: (string | number)[],
  registry: CheckRegistry,
): { rule: Rule | null; errors: ValidationError[] } {
  const shapeErrors = validateYaml(source, value, ruleShapeSchema(registry), base);
  if (shapeErrors.length > 0) return { rule: null, errors: shapeErrors };
  const raw = value as Omit<Rule, 'source' | 'phase' | 'checklist' | 'paths'> & Partial<Rule>;
  const definition = registry.get(raw.check.kind);
  if (!definition) return { rule: null, errors: [] };
  const optionErrors = validateYaml(source, raw.check, definition.meta.schema, [...base, 'check']);
  if (optionErrors.length > 0) return { rule: null, errors: optionErrors };
  const at = locate(source, base);
  const rule: Rule = {
    id: raw.id,
    title: raw.title,
    severity: raw.severity,
    phase: raw.phase ?? 1,
    description: raw.description,
    checklist: raw.checklist ?? [],
    paths: { include: raw.paths?.include ?? ['**'], exclude: raw.paths?.exclude ?? [] },
    check: raw.check,
    source: { path: source.path, line: at.line, column: at.column },
  };
  const compiled = definition.create(raw.check, rule);
  if ('error' in compiled) {
    const where = locate(source, [...base, 'check']);
    return {
      rule: null,
      errors: [
        {
          path: source.path,
          line: where.line,
          column: where.column,
          // A pattern may spell out the very key it hunts for: mask it like any output.
          message: maskSecrets(`${compiled.error} (rule \`${rule.id}\`)`),
        },
      ],
    };
  }
  return { rule, errors: [] };
}

/** Parses a rule file: one rule, or a list of rules. */
export function parseRules(text: string, path: string, registry: CheckRegistry): ParseRulesResult {
  const { source, value, errors } = readYaml(text, path);
  if (errors.length > 0) return { rules: [], errors };
  const values = isSeq(source.doc.contents) ? (value as unknown[]) : [value];
  const rules: Rule[] = [];
  const found: ValidationError[] = [];
  values.forEach((item, index) => {
    const result = parseRuleValue(
      source,
      item,
      isSeq(source.doc.contents) ? [index] : [],
      registry,
    );
    if (result.rule) rules.push(result.rule);
    found.push(...result.errors);
  });
  return { rules, errors: found };
}
