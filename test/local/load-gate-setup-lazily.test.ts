import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBuiltinRules, writeBuiltinRulesCache } from '../../src/local/load-builtin-rules.js';
import { setupLazily } from '../../src/local/load-gate-setup-lazily.js';

describe("the CLI's setup without a config, from the build's cache of the rule pack", () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-lazy-setup-'));
  const cachePath = join(dir, 'cache.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the cache and trusts the built-in rules, as loading the pack does', async () => {
    expect(writeBuiltinRulesCache(cachePath)).toBeGreaterThan(0);
    // Mark one cached rule, to tell the cached path from a fallback that parses the pack.
    const cache = JSON.parse(readFileSync(cachePath, 'utf8')) as {
      key: string;
      rules: Array<{ id: string; title: string }>;
    };
    const marked = cache.rules[0]!;
    marked.title = 'read from the cache';
    writeFileSync(cachePath, JSON.stringify(cache));

    const setup = await setupLazily(null, '.github/readiness.yml', cachePath);
    expect(setup.rules.find((rule) => rule.id === marked.id)?.title).toBe('read from the cache');
    expect(setup.rules.map((rule) => [rule.id, rule.trusted])).toEqual(
      loadBuiltinRules(cachePath).rules.map((rule) => [rule.id, true]),
    );
  });
});
