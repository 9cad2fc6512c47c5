import { RE2JS } from 're2js';
import { LINEAR_PATTERNS, linearPatternKey } from '../../src/core/rules/linear-patterns.js';
import { translateRe2ToV8 } from '../../src/core/rules/translate-re2-to-v8.js';
import { generateCorpus, makeRandom } from '../../bench/scan-corpus.js';
import { builtinPatterns } from './builtin-patterns.js';

// Every built-in pattern gives the same first match (offset and text) on RE2 and on its V8
// translation, over realistic source, edge-case lines and adversarial lines; so moving a
// pattern to V8 changes no finding. No timing is asserted here (bench/ measures speed).

type Match = { index: number; text: string } | null;

function onRe2(source: string, ignoreCase: boolean) {
  const regex = RE2JS.compile(source, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  return (line: string): Match => {
    const match = regex.exec(line) as (RegExpExecArray & { index: number }) | null;
    return match ? { index: match.index, text: match[0] } : null;
  };
}

function onV8(source: string) {
  const regex = new RegExp(source, 'u');
  return (line: string): Match => {
    const match = regex.exec(line);
    return match ? { index: match.index, text: match[0] } : null;
  };
}

/** Lines where the engines' defaults differ: Unicode spaces, `ſ`, the Kelvin sign, astral. */
const EDGE_LINES = [
  'password = "hunter2hunter2"',
  'password =\u00a0"hunter2hunter2"',
  'password\u2028= "hunter2hunter2"',
  'password\v= "hunter2hunter2"',
  'paſſword = "hunter2hunter2"',
  'const \u212Aey = "sk_live_0123456789abcdef"',
  'token: "😀😀😀😀😀"',
  'token: "😀😀😀😀😀😀😀😀"',
  "token: 'ſſſſſſſſſſ'",
  'api-key="abcdefgh"',
  'API_KEY = "ABCDEFGHIJ"',
  'ghp_0123456789abcdefghijklmnopqrstuvwxyz',
  'xghp_0123456789abcdefghijklmnopqrstuvwxyz',
  'ſghp_0123456789abcdefghijklmnopqrstuvwxyz',
  'AKIAIOSFODNN7EXAMPLE',
  'akiaiosfodnn7example',
  '-----BEGIN RSA PRIVATE KEY-----',
  '  } catch (e) {}',
  '  } catch\u00a0{}',
  '    except Exception:\tpass',
  "app.use(cors({ origin: 'http://localhost:3000' }))",
  "allowOrigins: ['*']",
  'process.exit(1)',
  'jest.mock("./db")',
  'const c = new MockPaymentClient()',
  "script-src 'self' 'unsafe-inline'",
  'migrations/2024/001_init.sql',
  'db/migrate/V1_2__add_users.sql',
  '-- migrate:down',
  '',
];

/** About 400 KB of the bench's realistic source, with its planted findings. */
function corpusLines(): string[] {
  const lines: string[] = [];
  for (const file of generateCorpus(400 * 1024, 7)) lines.push(...file.head.split('\n'));
  return lines;
}

/**
 * Adversarial lines for a pattern: long runs of each character it names (literals and class
 * members), after each of its words, and random mixes of its own alphabet, `length` long.
 */
function adversarialLines(source: string, length: number): string[] {
  const alphabet = [
    ...new Set(source.replace(/\\[dDwWsSbB]/g, '').replace(/[\\()[\]|?*+{}^$]/g, '')),
  ];
  const words = source.match(/[A-Za-z_]{3,}/g) ?? [];
  const runs = [' ', '\t', 'a', 'Z', '0', '_', '-', '"', "'", '/', ...alphabet].slice(0, 28);
  const lines: string[] = [];
  for (const char of new Set(runs)) {
    lines.push(char.repeat(length));
    for (const word of words.slice(0, 3)) lines.push(`${word}${char.repeat(length)}`);
  }
  for (const word of words.slice(0, 6)) {
    lines.push(`${word} `.repeat(Math.ceil(length / (word.length + 1))).slice(0, length));
    lines.push(`${word}=`.repeat(Math.ceil(length / (word.length + 1))).slice(0, length));
  }
  const random = makeRandom(source.length);
  for (let n = 0; n < 8; n++) {
    let line = '';
    while (line.length < length)
      line +=
        random() < 0.3 && words.length > 0
          ? words[Math.floor(random() * words.length)]!
          : (alphabet[Math.floor(random() * alphabet.length)] ?? ' ');
    lines.push(line);
  }
  return lines;
}

const patterns = builtinPatterns();
const corpus = corpusLines();

describe.each(patterns.map((p) => [`${p.rule} ${p.at}`, p] as const))('%s', (_name, pattern) => {
  const v8Source = translateRe2ToV8(pattern.source, pattern.ignoreCase);
  const re2 = onRe2(pattern.source, pattern.ignoreCase);
  const v8 = v8Source === null ? null : onV8(v8Source);
  const differences = (lines: string[]) =>
    lines
      .map((line) => ({ line: line.slice(0, 80), re2: re2(line), v8: v8!(line) }))
      .filter((row) => JSON.stringify(row.re2) !== JSON.stringify(row.v8));

  test('translates to V8', () => {
    expect(v8Source).not.toBeNull();
  });

  test('same matches on realistic source and edge-case lines', () => {
    expect(differences([...EDGE_LINES, ...corpus])).toEqual([]);
  });

  test('same matches on adversarial lines', () => {
    // 80k-character lines for the patterns that run on V8; the others (left on RE2 because
    // they may backtrack polynomially) are compared on shorter lines, to keep V8 quick.
    const linear = LINEAR_PATTERNS.has(linearPatternKey(pattern.source, pattern.ignoreCase));
    expect(differences(adversarialLines(pattern.source, linear ? 80_000 : 2_000))).toEqual([]);
  });
});

test('the corpus and edge lines hold matches, so the comparisons are not vacuous', () => {
  const lines = [...EDGE_LINES, ...corpus];
  const matching = patterns.filter((p) => {
    const re2 = onRe2(p.source, p.ignoreCase);
    return lines.some((line) => re2(line) !== null);
  });
  expect(matching.length).toBeGreaterThanOrEqual(Math.min(5, patterns.length));
});
