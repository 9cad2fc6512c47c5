import { makeChange } from '../helpers/make-change.js';
import { findingsOf, ruleFromYaml } from '../helpers/run-rule.js';

const rule = ruleFromYaml(
  'id: c\ntitle: t\nseverity: error\ndescription: d\ncheck:\n  kind: commented-out-code\n',
);

describe('commented-out-code', () => {
  it.each<[string, string[], Array<[string, number]>]>([
    ['// comment', ['-app.use(auth());', '+// app.use(auth());'], [['f', 1]]],
    ['# comment', ['-import payments', '+# import payments'], [['f', 1]]],
    ['-- comment', ['-SELECT enable_audit();', '+-- SELECT enable_audit();'], [['f', 1]]],
    ['/* */ comment', ['-startWorker(queue);', '+/* startWorker(queue); */'], [['f', 1]]],
    [
      '<!-- --> comment',
      ['-<script src="/guard.js"></script>', '+<!-- <script src="/guard.js"></script> -->'],
      [['f', 1]],
    ],
    [
      'whitespace differences still match',
      ['-  app.use( auth() );', '+  //app.use( auth() );'],
      [['f', 1]],
    ],
    ['a new comment that was never code', ['+// explain the retry'], []],
    [
      'code removed, different comment added',
      ['-app.use(auth());', '+// auth moved to the gateway'],
      [],
    ],
    ['too short to judge', ['-}', '+// }'], []],
    ['a comment only moved', ['-// app.use(auth());', '+// app.use(auth());'], []],
  ])('%s', (_name, lines, expected) => {
    expect(findingsOf(rule, [makeChange('f', lines)])).toEqual(expected);
  });

  it('reports the line number in the new file', () => {
    const change = makeChange('f', [' a', ' b', '-start();x', '+// start();x'], { start: 10 });
    expect(findingsOf(rule, [change])).toEqual([['f', 12]]);
  });
});
