import picomatch from 'picomatch';
import {
  ALWAYS_IGNORED,
  DEFAULT_CHECKLIST_GLOBS,
} from '../../src/core/checklist/default-checklist-globs.js';
import { compileGlobs, type GlobOptions } from '../../src/core/rules/compile-glob.js';
import { loadBuiltinRules } from '../../src/local/load-builtin-rules.js';

/** compileGlobs must say what picomatch says, for every glob the gate uses, on odd paths too. */

const DIRS = [
  '',
  'src/',
  'test/',
  'a/b/c/',
  '.github/',
  'node_modules/x/',
  'vendor/',
  'docs/',
  'db/migrations/',
  'Src/Lib/',
  'x\ny/',
  '.hidden/',
];
const NAMES = [
  'a.ts',
  'a.test.ts',
  'a.spec.js',
  'README.md',
  'readiness.md',
  'PRODUCTION_READINESS.md',
  '.env',
  '.env.example',
  'config.yml',
  'Dockerfile',
  'x.min.js',
  '001_up.sql',
  '001.down.sql',
  '[id].ts',
  'file\nname.go',
  'mock.py',
  'a\rb.ts',
  'UPPER.TS',
  '+(b).ts',
  '*(x).md',
];
const EXTRA = ['a/+(b).ts', './a.ts', '!a.ts'];
const PATHS = ['', ...EXTRA, ...DIRS.flatMap((dir) => NAMES.map((name) => `${dir}${name}`))];

const PACK_GLOBS = loadBuiltinRules().rules.flatMap((rule) => [
  rule.paths.include,
  rule.paths.exclude,
]);
const LISTS: Array<[string, readonly string[], GlobOptions]> = [
  ...PACK_GLOBS.filter((list) => list.length > 0).map(
    (list, index) =>
      [`pack list ${index}`, list, { dot: true, flags: 's' }] as [
        string,
        readonly string[],
        GlobOptions,
      ],
  ),
  [
    'checklist defaults, nocase, ignoring installed folders',
    DEFAULT_CHECKLIST_GLOBS,
    { nocase: true, dot: true, ignore: ALWAYS_IGNORED },
  ],
  [
    'globs a path equals literally',
    ['src/[id].ts', 'a/+(b).ts', '*(x).md', './a.ts'],
    { dot: true },
  ],
  [
    'braces, classes, negated class, question mark',
    ['**/*.{ts,js}', 'a/[bc]/?/*', 'src/[!a]*.ts'],
    { dot: true, flags: 's' },
  ],
  ['without dot', ['**/*.yml', '*'], {}],
  ['a negated glob', ['!a.ts'], { dot: true }],
];

describe('compileGlobs', () => {
  it.each(LISTS)('matches like picomatch: %s', (_name, patterns, options) => {
    const { ignore, ...rest } = options;
    const expected = picomatch([...patterns], {
      ...rest,
      ...(ignore ? { ignore: [...ignore] } : {}),
    });
    const actual = compileGlobs(patterns, options);
    const differences = PATHS.filter((path) => expected(path) !== actual(path));
    expect(differences).toEqual([]);
  });

  it('matches a file named like the glob itself, and never the empty path', () => {
    // The extglob's regex does not match its own text; picomatch matches it as a literal.
    const match = compileGlobs(['a/+(b).ts'], { dot: true });
    expect(match('a/+(b).ts')).toBe(true);
    expect(match('a/bb.ts')).toBe(true);
    expect(match('')).toBe(false);
  });

  it('matches nothing without globs, and lets ignore win', () => {
    expect(compileGlobs([])('a.ts')).toBe(false);
    const match = compileGlobs(['**/*.md'], { dot: true, ignore: ['node_modules/**'] });
    expect(match('docs/a.md')).toBe(true);
    expect(match('node_modules/x/a.md')).toBe(false);
  });
});
