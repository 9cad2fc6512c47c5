import { CHECKS } from '../../src/checks/index.js';
import { evaluateRules } from '../../src/core/rules/evaluate-rules.js';
import { makeChange } from '../helpers/make-change.js';
import { ruleFromYaml } from '../helpers/run-rule.js';

const rule = ruleFromYaml(`id: no-token
title: token
severity: error
description: d
check: { kind: added-line-pattern, pattern: 'TOKEN' }
`);

function evaluate(line: string) {
  return evaluateRules([rule], [makeChange('src/a.ts', [`+${line}`])], CHECKS);
}

describe('readiness:allow on hostile lines', () => {
  it.each([
    ['TOKEN // readiness:allow no-token -- fixture', 'fixture'],
    ['TOKEN // readiness:allow no-token', null],
    ['TOKEN /* readiness:allow other, no-token -- shared fixture */', 'shared fixture'],
    ['TOKEN <!-- readiness:allow no-token-->', null],
    ['TOKEN <!-- readiness:allow no-token -->', null],
    ['TOKEN <!-- readiness:allow no-token -- a b -->', 'a b'],
  ])('%j is suppressed with reason %j', (line, reason) => {
    expect(evaluate(line)).toMatchObject([{ suppressed: true, suppression: reason }]);
  });

  it.each([
    'TOKEN // readiness:allow other-rule -- no',
    'TOKEN // readiness:allow no-token because I say so',
    'TOKEN // readiness:allowno-token',
  ])('%j is not suppressed', (line) => {
    expect(evaluate(line)).toMatchObject([{ suppressed: false }]);
  });

  // Runs of spaces made the old `(.*?)\s*$` matcher backtrack far beyond quadratic (5,000
  // characters took 28 s): a regression hangs these tests until Jest's timeout.
  it('reads a 9,000-character line with a run of spaces in linear time', () => {
    const line = `TOKEN // readiness:allow no-token -- fixture${' '.repeat(9_000)}end`;
    expect(evaluate(line)).toMatchObject([
      { suppressed: true, suppression: `fixture${' '.repeat(9_000)}end` },
    ]);
  });

  it('keeps the finding of an 80,000-character line blocking (too long to carry a suppression)', () => {
    const line = `TOKEN // readiness:allow no-token -- fixture${' '.repeat(80_000)}end`;
    expect(evaluate(line)).toMatchObject([{ suppressed: false, severity: 'error' }]);
    const many = `TOKEN ${'readiness:allow '.repeat(600)}`;
    expect(evaluate(many)).toMatchObject([{ suppressed: false }]);
  });
});

describe('readiness:allow looked up at head', () => {
  const allow = '// readiness:allow no-token -- here';
  // Content lines as `split(/\r?\n/)` reads them: CRLF, a lone CR kept, a last line unended.
  const content = ['a', allow, 'TOKEN', 'b\r', 'TOKEN', '', allow].join('\r\n') + '\nTOKEN\r';
  const head = content.split(/\r?\n/);

  it('reads the line above a finding from the file at head, CRLF or not', () => {
    const change = makeChange('src/a.ts', ['+TOKEN'], { start: 3, content });
    const findings = evaluateRules([rule], [change], CHECKS);
    expect(findings).toMatchObject([{ line: 3, suppressed: true, suppression: 'here' }]);
  });

  it.each(head.map((_, index) => index + 1))(
    'line %i: the suppression and fingerprint of head',
    (line) => {
      const change = makeChange('src/a.ts', ['+TOKEN'], { start: line, content });
      const [finding] = evaluateRules([rule], [change], CHECKS);
      const text = head[line - 1] as string;
      const above = head[line - 2];
      const expected = evaluateRules(
        [rule],
        [makeChange('src/a.ts', [...(above === undefined ? [] : [` ${above}`]), `+TOKEN ${text}`])],
        CHECKS,
      ).at(-1);
      expect(finding?.suppressed).toBe(expected?.suppressed);
      // The fingerprint hashes the line at head, not the diff's text.
      const plain = evaluateRules(
        [rule],
        [makeChange('src/a.ts', [`+${text}`], { start: line })],
        CHECKS,
      );
      if (text.includes('TOKEN')) expect(finding?.fingerprint).toBe(plain[0]?.fingerprint);
    },
  );

  it('without the file, reads the diff lines by number, out of order ones too', () => {
    const change = makeChange('src/a.ts', [' x', `+${allow}`, '-gone', '+TOKEN', ' y', '+TOKEN']);
    expect(evaluateRules([rule], [change], CHECKS)).toMatchObject([
      { line: 3, suppressed: true },
      { line: 5, suppressed: false },
    ]);
    const shuffled = { ...change, lines: [...change.lines].reverse() };
    expect(evaluateRules([rule], [shuffled], CHECKS)).toMatchObject([
      { line: 3, suppressed: true },
      { line: 5, suppressed: false },
    ]);
  });
});
