import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { renderSchemas } from '../../src/core/render/render-schemas.js';
import { repoRoot } from '../helpers/paths.js';
import { CHECKS } from '../../src/checks/index.js';

describe('shipped JSON Schemas', () => {
  it.each(Object.entries(renderSchemas(CHECKS)))(
    'rules/%s is up to date (run `npm run schema`)',
    (name, text) => {
      expect(readFileSync(`${repoRoot}rules/${name}`, 'utf8')).toBe(text);
    },
  );

  it('accept every built-in rule, as an editor would check it', () => {
    const validate = new Ajv({ strict: false }).compile(
      JSON.parse(renderSchemas(CHECKS)['rule.schema.json'] as string),
    );
    for (const id of [
      'dev-keys',
      'disabled-service',
      'disabled-file',
      'migration-rollback',
      'empty-catch',
      'mock-in-production',
      'exit-without-cleanup',
      'csp-unsafe-inline',
      'cors-localhost',
    ]) {
      const rule = parse(readFileSync(`${repoRoot}rules/${id}.yml`, 'utf8'));
      expect([id, validate(rule), validate.errors]).toEqual([id, true, null]);
    }
  });
});
