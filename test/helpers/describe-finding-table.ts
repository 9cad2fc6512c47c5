import type { Finding } from '../../src/core/rules/rule-types.js';

/** Every finding an invalid case expects, in order: its line, a fragment or pattern, its severity. */
export type ExpectedFindings = Array<{
  line: number;
  message: string | RegExp;
  severity?: Finding['severity'];
}>;

/**
 * The two describe blocks of a rule's table test, eslint RuleTester-style: `valid` cases must
 * not fire, `invalid` cases must fire exactly where and how they say (severity defaulting to
 * the rule's).
 */
export function describeFindingTable<C extends { name: string }>(
  id: string,
  severity: Finding['severity'],
  table: { valid: C[]; invalid: Array<C & { findings: ExpectedFindings }> },
  run: (test: C) => Finding[] | Promise<Finding[]>,
): void {
  describe(`${id}: valid (must not fire)`, () => {
    it.each(table.valid.map((test) => [test.name, test] as const))('%s', async (_name, test) => {
      expect(
        (await run(test)).map((f) => `${f.path}:${f.line} [${f.severity}] ${f.message}`),
      ).toEqual([]);
    });
  });
  describe(`${id}: invalid (must fire)`, () => {
    it.each(table.invalid.map((test) => [test.name, test] as const))('%s', async (_name, test) => {
      const found = await run(test);
      expect(found.map((f) => f.line)).toEqual(test.findings.map((f) => f.line));
      test.findings.forEach((expected, index) => {
        const finding = found[index] as Finding;
        if (typeof expected.message === 'string')
          expect(finding.message).toContain(expected.message);
        else expect(finding.message).toMatch(expected.message);
        expect(finding.severity).toBe(expected.severity ?? severity);
      });
    });
  });
}
