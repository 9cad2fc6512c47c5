import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinRule } from '../helpers/run-rule.js';
import { repoRoot } from '../helpers/paths.js';

const ids = readdirSync(`${repoRoot}rules`)
  .filter((file) => file.endsWith('.yml'))
  .map((file) => file.replace(/\.yml$/, ''))
  .sort();
const readme = readFileSync(`${repoRoot}README.md`, 'utf8');

describe('every built-in rule is documented and tested', () => {
  it('finds the pack', () => {
    expect(ids).toEqual(expect.arrayContaining(['dev-keys', 'empty-catch', 'migration-rollback']));
  });

  describe.each(ids)('%s', (id) => {
    it('has a section in the README', () => {
      expect(readme).toMatch(new RegExp(`^#### \`${id}\`$`, 'm'));
    });

    it('has a description with a **Fix:**', () => {
      const rule = builtinRule(id);
      expect(rule.id).toBe(id);
      expect(rule.description).toMatch(/\*\*Fix:\*\* \S/);
    });

    it('has a valid/invalid table test', () => {
      const path = `${repoRoot}test/rules/${id}.test.ts`;
      expect(existsSync(path)).toBe(true);
      const text = readFileSync(path, 'utf8');
      // Rules the gate evaluates itself (on documents, not a diff) run on in-memory snapshots.
      const table = builtinRule(id).check.kind === 'gate-evidence' ? 'evidenceTable' : 'ruleTable';
      expect(text).toContain(`${table}('${id}'`);
      expect(text).toMatch(/\bvalid: \[/);
      expect(text).toMatch(/\binvalid: \[/);
    });
  });
});
