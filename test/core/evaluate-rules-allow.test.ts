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
