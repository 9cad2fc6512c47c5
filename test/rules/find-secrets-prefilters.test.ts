import { RE2JS } from 're2js';
import {
  findSecrets,
  isCredentialName,
  isCredentialSegment,
  KEYWORDS,
  mayHoldShellDefault,
  mayHoldUnquotedCredential,
  PROVIDER_HINTS,
  SHELL_DEFAULT_PATTERN,
  UNQUOTED_MASK_PATTERN,
} from '../../src/core/rules/find-secrets.js';
import { findFirstKeywordEnd } from '../../src/core/rules/keyword-automaton.js';

/** A small deterministic generator: the same strings on every run. */
function* randomStrings(count: number, alphabet: string[], maxLength: number, seed = 5) {
  let state = seed;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let index = 0; index < count; index++) {
    let text = '';
    const length = Math.floor(next() * maxLength);
    for (let at = 0; at < length; at++) text += alphabet[Math.floor(next() * alphabet.length)];
    yield text;
  }
}

/**
 * Asserts that `preTest` says yes to every text `regex` finds a match in (a necessary
 * condition: it may say yes without a match, never no with one); returns how many matched.
 */
function countMatchesPassing(
  regex: RE2JS,
  preTest: (text: string) => boolean,
  texts: Iterable<string>,
): number {
  let matched = 0;
  for (const text of texts) {
    if (!regex.matcher(text).find()) continue;
    matched++;
    expect([text, preTest(text)]).toEqual([text, true]);
  }
  return matched;
}

test('findFirstKeywordEnd gives the shortest prefix whose reduced, lowercased text holds a keyword', () => {
  const keywords = ['key', 'pass', 'pwd', 'ab', 'b'];
  const skip = `"'@$`;
  const first = findFirstKeywordEnd(keywords, skip);
  const reduce = (text: string) => text.replace(/["'@$]/g, '').toLowerCase();
  const alphabet = [...'kKeEyYpPaAsSwWdDbB"\'@$ -_', '\u212a', '\u0130', '\u017f', 'é'];
  let found = 0;
  for (const text of randomStrings(4000, alphabet, 14)) {
    let expected = -1;
    for (let end = 1; end <= text.length && expected === -1; end++)
      if (keywords.some((keyword) => reduce(text.slice(0, end)).includes(keyword))) expected = end;
    if (expected !== -1) found++;
    expect([text, first(text)]).toEqual([text, expected]);
  }
  // The strings do exercise both answers.
  expect(found).toBeGreaterThan(500);
  expect(found).toBeLessThan(3900);
});

test('every line SHELL_DEFAULT matches passes its pre-test', () => {
  const regex = RE2JS.compile(SHELL_DEFAULT_PATTERN);
  // Fragments, so that whole `${NAME:-value}` forms come up as well as broken ones.
  const alphabet = [
    '${',
    '${a',
    '${_Z9',
    ':-',
    ':',
    '-',
    'x',
    '}',
    ' ',
    '.',
    '9',
    'é',
    '\u{1F600}',
  ];
  const texts = randomStrings(20000, alphabet, 16, 9);
  expect(countMatchesPassing(regex, mayHoldShellDefault, texts)).toBeGreaterThan(50);
  expect(mayHoldShellDefault('`${user.id}` ${a}')).toBe(false);
  expect(mayHoldShellDefault('x=${TOKEN:-dev}')).toBe(true);
});

test('findSecrets says the same told what the keyword scan found, or not', () => {
  const lower = (text: string) => text.slice(0, 4096).toLowerCase();
  const lines = [
    'const apiKey = process.env.API_KEY || "dev-key-123";',
    'token: "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"',
    'url = "postgres://admin:hunter22@db.example.internal/app"',
    'PASSWORD=${DB_PASSWORD:-supersecret}',
    'AWS_ACCESS_KEY_ID = "AKIAQWERTYUIOPASDFGH"',
    '"a" + "b" // key',
    'x = "s3cr3tvalue" /* secret */',
    'const "pa$ss" = "changeme"',
  ];
  for (const line of lines) {
    const known = {
      keyword: KEYWORDS.some((keyword) => lower(line).includes(keyword)),
      hint: PROVIDER_HINTS.some((hint) => lower(line).includes(hint)),
    };
    for (const path of ['src/a.ts', '.env'])
      expect(findSecrets(line, { path, known })).toEqual(findSecrets(line, { path }));
  }
  expect(findSecrets(lines[0]!, { known: { keyword: true, hint: false } })).toHaveLength(1);
});

// Masking leans on this pre-test: a line it turns away is never searched for unquoted values.
test('every line UNQUOTED_MASK matches passes its pre-test', () => {
  const regex = RE2JS.compile(UNQUOTED_MASK_PATTERN);
  const alphabet = [
    'pwd',
    'PassWord',
    'passwd',
    '\u017fecret',
    'TO\u212aEN',
    'api_key',
    'api-\u212aey',
    'credentials',
    'x',
    '9',
    '_',
    '-',
    '=',
    ':',
    '"',
    "'",
    ' ',
    '\t',
    '\v',
    ',',
    'é',
    'abc',
  ];
  const texts = randomStrings(30000, alphabet, 9, 13);
  expect(countMatchesPassing(regex, mayHoldUnquotedCredential, texts)).toBeGreaterThan(1000);
  expect(mayHoldUnquotedCredential('const apiKey = process.env.API_KEY')).toBe(true);
  expect(mayHoldUnquotedCredential('expected it read from a secret store')).toBe(false);
});

test('RE2 ignoring case matches only ſ and the Kelvin sign past ASCII with [a-z0-9_-]', () => {
  const regex = RE2JS.compile('[a-z0-9_-]', RE2JS.CASE_INSENSITIVE);
  const found: number[] = [];
  for (let code = 128; code < 0x10000; code++)
    if (!(code >= 0xd800 && code < 0xe000) && regex.test(String.fromCharCode(code)))
      found.push(code);
  expect(found).toEqual([0x17f, 0x212a]);
});

test('isCredentialName turns away only names its split of words would', () => {
  const alphabet = [
    'db',
    'Pass',
    'PASS',
    '_key',
    'Key',
    'api',
    'secret',
    'Token',
    'author',
    'Name',
    'base',
    '_value',
    'JWT',
    'x',
    '9',
    '.',
    '-',
    '$',
    '"',
    '@',
    ' ',
    '\u212a',
    '\u0130',
    'É',
  ];
  let accepted = 0;
  for (const name of randomStrings(20000, alphabet, 5, 21))
    for (const fromEnvironment of [false, true]) {
      const segment = name.slice(name.lastIndexOf('.') + 1).slice(-120);
      const expected = isCredentialSegment(segment, fromEnvironment);
      if (expected) accepted++;
      expect([name, isCredentialName(name, fromEnvironment)]).toEqual([name, expected]);
    }
  expect(accepted).toBeGreaterThan(2000);
});
