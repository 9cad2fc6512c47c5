import { RE2JS } from 're2js';
import { generateCorpus, makeRandom } from '../../bench/scan-corpus.js';
import {
  ASSIGNMENT_PATTERN,
  assignedName,
  ENV_CALL_DEFAULT_PATTERN,
  envCallDefault,
  LAST_NAME_PATTERN,
  lastName,
} from '../../src/core/rules/scan-literal-context.js';

// The scanners replace three end-anchored patterns; each must capture what its pattern
// captures on RE2, on every input: table cases, the text before every literal of realistic
// source, generated near-misses, and long adversarial runs.

function groupsOnRe2(source: string) {
  const regex = RE2JS.compile(source);
  return (text: string): Array<string | null> | null => {
    const matcher = regex.matcher(text);
    if (!matcher.find()) return null;
    const groups: Array<string | null> = [];
    for (let group = 1; group <= matcher.groupCount(); group++) groups.push(matcher.group(group));
    return groups;
  };
}

const assignmentOnRe2 = groupsOnRe2(ASSIGNMENT_PATTERN);
const lastNameOnRe2 = groupsOnRe2(LAST_NAME_PATTERN);
const envCallOnRe2 = groupsOnRe2(ENV_CALL_DEFAULT_PATTERN);

const scanners = [
  [
    'assignedName',
    (text: string) => assignedName(text),
    (text: string) => assignmentOnRe2(text)?.[0] ?? null,
  ],
  [
    'lastName',
    (text: string) => lastName(text),
    (text: string) => lastNameOnRe2(text)?.[0] ?? null,
  ],
  [
    'envCallDefault',
    (text: string) => {
      const call = envCallDefault(text);
      return call === null ? null : `${call.callee} ${call.name}`;
    },
    (text: string) => {
      const groups = envCallOnRe2(text);
      return groups === null ? null : `${groups[0]} ${groups[1]}`;
    },
  ],
] as const;

test.each([
  ['const apiKey = ', 'apiKey'],
  ['  password = ', 'password'],
  ['this.config.secret = ', 'this.config.secret'],
  ['$db->password = ', '$db->password'],
  ['Foo::BAR_TOKEN := ', 'Foo::BAR_TOKEN'],
  ['{ "client_secret": ', '"client_secret"'],
  ["{ 'api-key' => ", "'api-key'"],
  ['let token: string|undefined = ', 'token'],
  // A type with spaces is no annotation: the last word before the operator is the name.
  ['let token: string | undefined = ', 'undefined'],
  ['a: b = ', 'a'],
  ['x = y.token == ', 'y.token'],
  ['private readonly key: Map<K,V> = ', null],
  ['@password = @', '@password'],
  ['password = &', 'password'],
  ['foo(password, ', null],
  ['x.-y = ', 'y'],
  ['', null],
  ['=', null],
])('assignedName(%j) is %j', (text, expected) => {
  expect(assignedName(text)).toBe(expected);
  expect(assignmentOnRe2(text)?.[0] ?? null).toBe(expected);
});

test.each([
  ['process.env.API_KEY', 'API_KEY'],
  ["ENV['DB_PASSWORD'] ", 'DB_PASSWORD'],
  ['os.getenv("SECRET") ', 'SECRET'],
  ['config[9token]]) ', 'token'],
  ['a "', null],
  ['x ] ]', null],
  ['', null],
])('lastName(%j) is %j', (text, expected) => {
  expect(lastName(text)).toBe(expected);
  expect(lastNameOnRe2(text)?.[0] ?? null).toBe(expected);
});

test.each([
  ['os.getenv("API_KEY", ', { callee: 'getenv', name: 'API_KEY' }],
  ["config.get( 'db.password' ,  ", { callee: 'get', name: 'db.password' }],
  ["fetch(`TOKEN', ", { callee: 'fetch', name: 'TOKEN' }],
  ['9env("X", ', { callee: 'env', name: 'X' }],
  ['getenv("9X", ', null],
  ['getenv(X, ', null],
  [`getenv("${'A'.repeat(82)}", `, null],
  ['getenv "X", ', null],
])('envCallDefault(%j) is %j', (text, expected) => {
  expect(envCallDefault(text)).toEqual(expected);
});

/** What secretIn gives the scanners: the text before each literal of realistic source. */
function textsBeforeLiterals(): string[] {
  const texts: string[] = [];
  for (const file of generateCorpus(300 * 1024, 11))
    for (const line of file.head.split('\n'))
      for (let at = 0; at < line.length; at++)
        if ('"\'`'.includes(line[at] as string)) texts.push(line.slice(Math.max(0, at - 240), at));
  return texts;
}

/** Near-misses: tokens of the patterns' own alphabet glued at random. */
function generatedTexts(count: number, seed: number): string[] {
  const random = makeRandom(seed);
  const pieces = [
    'a',
    'Zb',
    '_',
    '$',
    '@',
    '9',
    'key',
    'token',
    'é',
    '😀',
    '.',
    '->',
    '::',
    ':',
    '-',
    '>',
    '=',
    '==',
    '===',
    ':=',
    '=>',
    ' ',
    '  ',
    '\t',
    '\v',
    '\u00a0',
    '"',
    "'",
    '`',
    '&',
    '(',
    ')',
    ']',
    '[',
    ',',
    '<',
    '?',
    '|',
    '{',
    ';',
    'x.y',
    '"k"',
    "'k'",
    'getenv(',
    '("A", ',
  ];
  const texts: string[] = [];
  for (let n = 0; n < count; n++) {
    let text = '';
    const length = Math.floor(random() * 12);
    for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
    texts.push(text);
  }
  return texts;
}

/** Long runs that make a backtracking search of the patterns quadratic. */
function adversarialTexts(): string[] {
  const n = 2_000;
  return [
    'a->'.repeat(n),
    `${'a->'.repeat(n)}a =`,
    `${'a->'.repeat(n)}a x =`,
    `${'a.'.repeat(n)}= `,
    `${'a::'.repeat(n)}b: c =`,
    ' '.repeat(n * 3),
    `${' '.repeat(n * 3)}=`,
    `${'a:'.repeat(n)} =`,
    `${'"a'.repeat(n)}" =`,
    `a${']'.repeat(n)}`,
    `a${' ]'.repeat(n)}`,
    `${'a('.repeat(n)}"b", `,
    `${'a'.repeat(n * 3)}("b", `,
  ];
}

describe.each(scanners)('%s', (_name, scan, onRe2) => {
  const differences = (texts: string[]) =>
    texts
      .map((text) => ({ text: text.slice(0, 80), scanner: scan(text), re2: onRe2(text) }))
      .filter((row) => row.scanner !== row.re2);

  test('captures what its pattern captures before every literal of realistic source', () => {
    const texts = textsBeforeLiterals();
    expect(texts.filter((text) => onRe2(text) !== null).length).toBeGreaterThan(20);
    expect(differences(texts)).toEqual([]);
  });

  test('captures what its pattern captures on generated near-misses', () => {
    const texts = generatedTexts(40_000, 7);
    expect(texts.filter((text) => onRe2(text) !== null).length).toBeGreaterThan(100);
    expect(differences(texts)).toEqual([]);
  });

  test('captures what its pattern captures on long adversarial runs', () => {
    expect(differences(adversarialTexts())).toEqual([]);
  });
});
