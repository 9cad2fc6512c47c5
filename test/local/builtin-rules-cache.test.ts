import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBuiltinRules, writeBuiltinRulesCache } from '../../src/local/load-builtin-rules.js';

describe('the built-in rule pack cache', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'rg-cache-')), 'cache.json');
  const missing = join(tmpdir(), 'rg-no-such-cache.json');

  it('gives exactly the rules that parsing gives', () => {
    expect(writeBuiltinRulesCache(path)).toBeGreaterThan(0);
    expect(loadBuiltinRules(path)).toEqual(loadBuiltinRules(missing));
  });

  it('is ignored when the rule files changed since it was written', () => {
    writeBuiltinRulesCache(path);
    const cache = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify({ key: 'stale', rules: [{ ...cache.rules[0], id: 'x' }] }));
    expect(loadBuiltinRules(path).rules.map((rule) => rule.id)).not.toContain('x');
  });
});
