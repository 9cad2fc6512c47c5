import { jest } from '@jest/globals';
import { makeChange } from '../helpers/make-change.js';
import { findingsInSlices } from '../helpers/find-in-slices.js';
import { findingsOf, ruleFromYaml } from '../helpers/run-rule.js';

// A matcher that backtracks on these lines runs past this timeout, which is the failure; each
// case takes milliseconds when the matchers are linear.
jest.setTimeout(5000);

const rule = ruleFromYaml(
  'id: d\ntitle: t\nseverity: error\ndescription: d\ncheck:\n  kind: disabled-file\n',
);

const LONG = 80_000;
const PATH = 'config/app.yml';
const REAL = '+enabled: false # until the migration lands';
const SLICES = 60;

describe('disabled-file on hostile lines', () => {
  it.each<[string, string]>([
    ['spaces before the separator', `enabled${' '.repeat(LONG)}x`],
    ['spaces after the separator', `enabled:${' '.repeat(LONG)}`],
    ['spaces and commas after the value', `enabled: true${' ,'.repeat(LONG / 2)}x`],
    ['a long key', `${'a'.repeat(LONG)}: true`],
    ['quotes', `"${'"'.repeat(LONG)}: true`],
    ['separators', ':='.repeat(LONG / 2)],
  ])('%s: no finding, and the real flip beside it still found', async (_name, hostile) => {
    expect(await findingsInSlices(rule, PATH, hostile, SLICES)).toEqual([]);
    const real = makeChange(PATH, ['-enabled: true', `-${hostile}`, `+${hostile}`, REAL]);
    expect(findingsOf(rule, [real])).toEqual([[PATH, 2]]);
  });

  it('reads a flip whose comment is long', () => {
    const change = makeChange('config/app.yml', [
      '-  "enabled": true,',
      `+  "enabled": false, # ${'x '.repeat(LONG / 2)}`,
    ]);
    expect(findingsOf(rule, [change])).toEqual([['config/app.yml', 1]]);
  });

  it('keeps the key and value limits: a 121-character key is not a flag', () => {
    const key = `${'k'.repeat(114)}enabled`;
    const change = makeChange('config/app.yml', [`-${key}: true`, `+${key}: false`]);
    expect(findingsOf(rule, [change])).toEqual([]);
  });
});
