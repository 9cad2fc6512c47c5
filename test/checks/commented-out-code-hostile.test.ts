import { jest } from '@jest/globals';
import { makeChange } from '../helpers/make-change.js';
import { findingsInSlices } from '../helpers/find-in-slices.js';
import { findingsOf, ruleFromYaml } from '../helpers/run-rule.js';

// A matcher that backtracks on these lines runs past this timeout, which is the failure; each
// case takes milliseconds when the matchers are linear.
jest.setTimeout(5000);

const rule = ruleFromYaml(
  'id: c\ntitle: t\nseverity: error\ndescription: d\ncheck:\n  kind: commented-out-code\n',
);

const LONG = 80_000;
const PATH = 'f';
const REAL = '+/* startWorker(queue); */';
const SLICES = 30;

describe('commented-out-code on hostile lines', () => {
  it.each<[string, string]>([
    ['an unclosed block comment of spaces', `/*${' '.repeat(LONG)}x`],
    ['a block comment of spaces then stars', `/* a${' '.repeat(LONG)}${'*'.repeat(LONG)}x`],
    ['a line of stars', '*'.repeat(LONG)],
    ['stars and slashes', '/*'.repeat(LONG / 2)],
    ['an unclosed HTML comment of spaces', `<!--${' '.repeat(LONG)}-- >`],
    ['HTML comment openers', '<!--'.repeat(LONG / 4)],
  ])('%s: no finding, and the real one beside it still found', async (_name, hostile) => {
    expect(await findingsInSlices(rule, PATH, hostile, SLICES)).toEqual([]);
    const real = makeChange(PATH, ['-startWorker(queue);', `-${hostile}`, `+${hostile}`, REAL]);
    expect(findingsOf(rule, [real])).toEqual([[PATH, 2]]);
  });

  it.each<[string, string]>([
    ['stars on both ends', '/** startWorker(queue); **/'],
    ['padding inside', '/*   startWorker(queue);   */  '],
    ['an HTML comment with padding', '<!--  startWorker(queue);  -->'],
  ])('still reads one-line block comments: %s', (_name, comment) => {
    expect(findingsOf(rule, [makeChange('f', ['-startWorker(queue);', `+${comment}`])])).toEqual([
      ['f', 1],
    ]);
  });

  it('never reads a comment without its closer, however long the line', () => {
    const line = `/* startWorker(queue);${' '.repeat(LONG)}`;
    expect(findingsOf(rule, [makeChange('f', ['-startWorker(queue);', `+${line}`])])).toEqual([]);
  });
});
