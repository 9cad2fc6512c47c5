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

// The scan folds case over ASCII itself and reads these two characters as their lowercase:
// lowercasing maps no other character into ASCII.
test('only `İ` and the Kelvin sign lowercase to text holding ASCII', () => {
  const found: number[] = [];
  for (let code = 128; code < 0x10000; code++) {
    if (code >= 0xd800 && code < 0xe000) continue;
    const lower = String.fromCharCode(code).toLowerCase();
    if ([...lower].some((char) => char.charCodeAt(0) < 128)) found.push(code);
  }
  for (let code = 0x10000; code < 0x110000; code += 1) {
    const lower = String.fromCodePoint(code).toLowerCase();
    if ([...lower].some((char) => char.charCodeAt(0) < 128)) found.push(code);
  }
  expect(found).toEqual([0x130, 0x212a]);
});

test('characters that lowercase into ASCII count as their lowercase', () => {
  const change = makeChange('a.ts', ['+\u212aey', '+ghİ', '+gh\u0130x', '+İ', '+pİ\u212a']);
  expect([...findKeywordLines(['key'])(change)]).toEqual([1, 0, 0, 0, 0]);
  // `İ` is `i` then U+0307: a keyword may end at the `i`, none goes on past it.
  expect([...findKeywordLines(['ghi'])(change)]).toEqual([0, 1, 1, 0, 0]);
  expect([...findKeywordLines(['ghix'])(change)]).toEqual([0, 0, 0, 0, 0]);
  expect([...findKeywordLines(['i\u0307'])(change)]).toEqual([0, 1, 1, 1, 1]);
  expect([...findKeywordLines(['i\u0307k'])(change)]).toEqual([0, 0, 0, 0, 1]);
});

/** A small deterministic generator: the same lines on every run. */
function* randomLines(count: number, alphabet: string, seed = 7): Generator<string> {
  let state = seed;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let line = 0; line < count; line++) {
    let text = '';
    const length = Math.floor(next() * 40);
    for (let at = 0; at < length; at++) text += alphabet[Math.floor(next() * alphabet.length)];
    yield text;
  }
}

test('many keyword sets, shared and not, flag what includes() flags on the lowercased line', () => {
  const alphabet = 'abcABC_- :/\u0130\u212aKkéÉ\u03a3\n';
  const lines = [...randomLines(3000, alphabet)].map((line) => `+${line.replace(/\n/g, '')}`);
  lines.push(`+${'a'.repeat(MAX_LINE - 2)}abc`, `+${'a'.repeat(MAX_LINE - 3)}abc`);
  const change = makeChange('x.ts', lines);
  const words = [...randomLines(400, 'abcABC_- :/\u0130\u212ak\u03c3', 11)].filter(Boolean);
  // More sets than share one scan, some past ASCII (the regex fallback), some overlapping.
  const sets = Array.from({ length: 45 }, (_, index) =>
    words.slice(index * 3, index * 3 + 1 + (index % 5)).map((word) => word.slice(0, 4)),
  );
  sets.push(['k'], ['a', 'ab', 'abc'], ['\u212a'], ['é']);
  for (const keywords of sets) {
    const lower = keywords.map((keyword) => keyword.toLowerCase());
    const expected = change.lines.map((line) => {
      const text = line.text.slice(0, MAX_LINE).toLowerCase();
      return lower.some((keyword) => text.includes(keyword)) ? 1 : 0;
    });
    expect([keywords, [...findKeywordLines(keywords)(change)]]).toEqual([keywords, expected]);
  }
});
