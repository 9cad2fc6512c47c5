import { Ajv } from 'ajv';
import { CHECKS } from '../../src/checks/index.js';
import { CONFIG_SCHEMA } from '../../src/core/config/parse-config.js';
import { ruleShapeSchema } from '../../src/core/rules/rule-schema.js';

// validateYaml's Ajv skips the meta-schema check at run time (it costs a small `check` tens of
// milliseconds): every schema it is ever handed is checked here instead.
describe('the schemas the config and rule validator compiles', () => {
  const schemas: Array<[string, Record<string, unknown>]> = [
    ['config', CONFIG_SCHEMA as Record<string, unknown>],
    ['rule shape', ruleShapeSchema(CHECKS)],
    ...[...CHECKS.values()].map((check): [string, Record<string, unknown>] => [
      `${check.meta.kind} options`,
      check.meta.schema as Record<string, unknown>,
    ]),
  ];

  it.each(schemas)('%s is a valid JSON Schema', (_name, schema) => {
    const ajv = new Ajv({ strict: false });
    expect([ajv.validateSchema(schema), ajv.errors ?? null]).toEqual([true, null]);
  });

  it('catches an invalid schema, so the checks above can fail', () => {
    const ajv = new Ajv({ strict: false });
    expect(ajv.validateSchema({ type: 'no-such-type' })).toBe(false);
  });
});
