import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isPair, isScalar, type Document, type LineCounter, type Node } from 'yaml';
import { maskSecret } from '../rules/mask-secret.js';
import type { ValidationError } from '../rules/rule-types.js';

// verbose keeps the failing schema on each error, to list the keys that were expected.
// Every schema here is ours, so checking it against the JSON Schema meta-schema on each run
// (which compiles the meta-schema: most of a small `check`'s config cost) proves nothing a test
// does not: test/core/validator-schemas.test.ts checks them all once.
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, validateSchema: false });
const compiled = new WeakMap<object, ReturnType<Ajv['compile']>>();

export interface YamlSource {
  path: string;
  doc: Document;
  lines: LineCounter;
}

function segments(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The position of a value (or of a key, when `key` is given) inside the YAML document. */
export function locate(
  source: YamlSource,
  path: (string | number)[],
  key?: string,
): { line: number; column: number } {
  let node: unknown = source.doc.getIn(path, true) ?? source.doc.contents;
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find(
      (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key,
    );
    if (pair && isPair(pair) && isScalar(pair.key)) node = pair.key;
  }
  const offset = (node as Node | null)?.range?.[0] ?? 0;
  const { line, col } = source.lines.linePos(offset);
  return { line, column: col };
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // A config value may be a credential pasted in the wrong place: never echo a string in full.
  if (typeof value === 'string')
    return `string \`${maskSecret(value)}\` (${value.length} characters)`;
  return `${typeof value} \`${String(value)}\``;
}

function describe(
  error: ErrorObject,
  value: unknown,
  base: (string | number)[],
): { message: string; key?: string } {
  const at = [
    ...base,
    ...segments(error.instancePath).map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
  ];
  const dotted = at
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
  const name = at.length > 0 ? `\`${dotted}\`` : 'the document';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const allowed = Object.keys(
        (error.parentSchema as { properties?: object })?.properties ?? {},
      );
      const key = String(params.additionalProperty);
      return {
        key,
        message: `Unexpected key \`${key}\`${at.length ? ` in ${name}` : ''}, expected one of: ${allowed.join(', ')}`,
      };
    }
    case 'required':
      return {
        message: `Unexpected ${name} without \`${String(params.missingProperty)}\`, expected \`${String(params.missingProperty)}\` to be set`,
      };
    case 'type':
      return {
        message: `Unexpected ${typeName(value)} for ${name}, expected ${String(params.type).replace('integer', 'a whole number')}`,
      };
    case 'enum':
      return {
        message: `Unexpected ${typeName(value)} for ${name}, expected one of: ${(params.allowedValues as unknown[]).join(', ')}`,
      };
    case 'pattern':
      return {
        message: `Unexpected ${typeName(value)} for ${name}, expected ${error.parentSchema && (error.parentSchema as { description?: string }).description ? (error.parentSchema as { description: string }).description : `a match of ${String(params.pattern)}`}`,
      };
    case 'minimum':
      return {
        message: `Unexpected ${typeName(value)} for ${name}, expected at least ${String(params.limit)}`,
      };
    case 'minItems':
    case 'minLength':
      return { message: `Unexpected empty ${name}, expected a value` };
    default:
      return {
        message: `Unexpected ${typeName(value)} for ${name}, expected it to ${error.message ?? 'be valid'}`,
      };
  }
}

/**
 * Validates a value read from YAML against a JSON Schema and turns each problem into an error
 * at the file, line and column where it was written.
 */
export function validateYaml(
  source: YamlSource,
  value: unknown,
  schema: Record<string, unknown>,
  base: (string | number)[] = [],
): ValidationError[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  const errors: ValidationError[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const at = segments(error.instancePath);
    let current: unknown = value;
    for (const part of at) current = (current as Record<string, unknown> | undefined)?.[part];
    const { message, key } = describe(error, current, base);
    const path = [...base, ...at.map((part) => (/^\d+$/.test(part) ? Number(part) : part))];
    const { line, column } = locate(source, path, key);
    const id = `${line}:${column}:${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    errors.push({ path: source.path, line, column, message });
  }
  return errors;
}
