import { RE2JS } from 're2js';
import { generateCorpus, makeRandom } from '../../bench/scan-corpus.js';
import { CONFIG_LINE_PATTERN, configLineParts } from '../../src/core/rules/scan-config-line.js';

// The scanner replaces CONFIG_LINE_PATTERN: it must capture what the pattern captures on RE2
// (name, value and where the value starts), on every input.

const regex = RE2JS.compile(CONFIG_LINE_PATTERN);

function onRe2(line: string) {
  const matcher = regex.matcher(line);
  if (!matcher.find()) return null;
  return { name: matcher.group(1), value: matcher.group(2), start: matcher.start(2) };
}

const differences = (lines: string[]) =>
  lines
    .map((line) => ({ line: line.slice(0, 80), scanner: configLineParts(line), re2: onRe2(line) }))
    .filter((row) => JSON.stringify(row.scanner) !== JSON.stringify(row.re2));

test.each([
  ['DB_PASSWORD=hunter2', { name: 'DB_PASSWORD', value: 'hunter2', start: 12 }],
  ['export API_KEY = "abc" ', { name: 'API_KEY', value: '"abc"', start: 17 }],
  ['  - token: x # note', { name: 'token', value: 'x # note', start: 11 }],
  ["'secret': 'v'", { name: 'secret', value: "'v'", start: 10 }],
  ['export = 1', { name: 'export', value: '1', start: 9 }],
  ['password:', { name: 'password', value: '', start: 9 }],
  ['a: x\ny', null],
  ['export foo', null],
  ['- = x', null],
  ['9key=1', null],
  ['', null],
])('configLineParts(%j) is %j', (line, expected) => {
  expect(configLineParts(line)).toEqual(expected);
  expect(onRe2(line)).toEqual(expected);
});

test('captures what its pattern captures on realistic source', () => {
  const lines = [...generateCorpus(300 * 1024, 13)].flatMap((file) => file.head.split('\n'));
  expect(lines.filter((line) => onRe2(line) !== null).length).toBeGreaterThan(20);
  expect(differences(lines)).toEqual([]);
});

test('captures what its pattern captures on generated near-misses', () => {
  const random = makeRandom(5);
  const pieces = ['export', '-', ' ', '\t', '\n', '\v', '\u00a0', '"', "'", 'a', 'Z_', '9', '.'];
  pieces.push('key', '=', ':', '==', '#', 'é', '😀', 'x y');
  const lines: string[] = [];
  for (let n = 0; n < 40_000; n++) {
    let line = '';
    for (let i = Math.floor(random() * 10); i > 0; i--)
      line += pieces[Math.floor(random() * pieces.length)];
    lines.push(line);
  }
  expect(lines.filter((line) => onRe2(line) !== null).length).toBeGreaterThan(100);
  expect(differences(lines)).toEqual([]);
});

test('captures what its pattern captures on long adversarial runs', () => {
  const n = 5_000;
  const lines = [
    `a:${' '.repeat(n)}`,
    `a: b${' '.repeat(n)}c${' '.repeat(n)}`,
    `${' '.repeat(n)}export${' '.repeat(n)}`,
    `export${' '.repeat(n)}=${' '.repeat(n)}x`,
    `a${'.'.repeat(n)}=`,
    `- ${'- '.repeat(n)}a: 1`,
  ];
  expect(differences(lines)).toEqual([]);
});
