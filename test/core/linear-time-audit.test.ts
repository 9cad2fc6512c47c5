import { jest } from '@jest/globals';
import { parseChecklist } from '../../src/core/checklist/parse-checklist.js';
import { readStatusMarker } from '../../src/core/checklist/read-status-marker.js';
import { wordsOf } from '../../src/core/rules/find-secrets.js';
import { makeChange } from '../helpers/make-change.js';
import { findingsOf, ruleFromYaml } from '../helpers/run-rule.js';

// Issue 10, item 11: the sites an audit of every regex literal in src/checks and src/core found
// superlinear (each rescanned a run from every character of it). A backtracking matcher runs
// past this timeout, which is the failure; the work is sliced so that the timeout can fire.
jest.setTimeout(5000);

async function sliced(count: number, run: () => void): Promise<void> {
  for (let slice = 0; slice < count; slice++) {
    await new Promise((resolve) => setImmediate(resolve));
    run();
  }
}

describe('regex sites found by the audit', () => {
  it('a heading of 3,000 parenthesised groups then text keeps its title', async () => {
    const title = `Phase 1 ${'(a)'.repeat(3_000)}x`;
    await sliced(60, () => {
      const { document } = parseChecklist(`## ${title}\n\n- [ ] One\n`, 'PLAN.md');
      // The groups are not trailing (text follows them): the phase title keeps them.
      expect(document.phases[0]?.title).toBe(`${'(a)'.repeat(3_000)}x`);
    });
  });

  it('an item text of 8k spaces is not N/A; a trailing (N/A) still is', async () => {
    await sliced(80, () => {
      expect(readStatusMarker(`Audit${' '.repeat(8_000)}x`, { words: true })).toBeNull();
    });
    expect(readStatusMarker('Audit logs  (N/A)', { words: true })).toMatchObject({
      state: 'skipped',
      rest: 'Audit logs',
    });
  });

  it('splits a 4k run of capitals once', async () => {
    const name = `a${'Z'.repeat(4_096)}`;
    await sliced(400, () => {
      expect(wordsOf(name)).toEqual(['a', 'z'.repeat(4_096)]);
    });
    expect(wordsOf('HTTPServerURLToken')).toEqual(['http', 'server', 'url', 'token']);
  });

  it('reads a Liquibase changelog with 80k-space lines, and its rollback', async () => {
    const rule = ruleFromYaml(
      'id: r\ntitle: t\nseverity: error\ndescription: d\ncheck:\n  kind: migration-rollback\n',
    );
    const path = 'db/changelog/changelog-2.yml';
    const padding = ' '.repeat(80_000);
    const lines = ['+  - sql: UPDATE t SET a = 1', ...Array<string>(20).fill(`+${padding}x`)];
    await sliced(12, () => {
      expect(findingsOf(rule, [makeChange(path, lines, { status: 'added' })])).toEqual([[path, 1]]);
    });
    const rolled = [...lines, '+    - rollback: UPDATE t SET a = 0'];
    expect(findingsOf(rule, [makeChange(path, rolled, { status: 'added' })])).toEqual([]);
  });
});
