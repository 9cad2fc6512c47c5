import { findKeywordLines } from '../../src/core/rules/find-keyword-lines.js';
import { MAX_LINE } from '../../src/core/rules/find-secrets.js';
import { makeChange } from '../helpers/make-change.js';

const lines = [
  '+const token = read();',
  ' unrelated context',
  '+PASSWORD_FILE=/run/secrets/db',
  '-removed secret line',
  '+nothing here',
  `+${'x'.repeat(MAX_LINE)}token`,
  '+private key in a comment',
  '+ends with sec',
  '+ret on the next line',
];

test('flags exactly the lines whose lowercased text holds a keyword', () => {
  const change = makeChange('src/a.ts', lines);
  const keywords = ['token', 'password', 'secret', 'private key'];
  const expected = change.lines.map((line) => {
    const text = line.text.slice(0, MAX_LINE).toLowerCase();
    return keywords.some((keyword) => text.includes(keyword)) ? 1 : 0;
  });
  expect([...findKeywordLines(keywords)(change)]).toEqual(expected);
  expect(expected).toEqual([1, 0, 1, 1, 0, 0, 1, 0, 0]);
});

test('keywords are literal and case-insensitive', () => {
  const change = makeChange('src/a.ts', ['+a.b', '+AxB', '+HOOKS.SLACK.COM/x', '+://']);
  expect([...findKeywordLines(['a.b', 'hooks.slack.com', '://'])(change)]).toEqual([1, 0, 1, 1]);
});

test('no keywords flag no line', () => {
  expect([...findKeywordLines([])(makeChange('a.ts', ['+token']))]).toEqual([0]);
});

test('a line that lowercasing lengthens does not shift the hits of the lines after it', () => {
  // `İ` lowercases to two characters.
  const change = makeChange('a.ts', ['+İİİİİİİİ token', '+plain', '+a token', '+İ', '+none']);
  expect([...findKeywordLines(['token'])(change)]).toEqual([1, 0, 1, 0, 0]);
});
