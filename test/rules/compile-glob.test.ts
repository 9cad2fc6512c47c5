import picomatch from 'picomatch';
import { compileGlob } from '../../src/core/rules/compile-glob.js';
import { loadBuiltinRules } from '../../src/local/load-builtin-rules.js';

const OPTIONS = { dot: true, flags: 's' };

const { rules } = loadBuiltinRules();
const packGlobs = [
  ...new Set(rules.flatMap((rule) => [...rule.paths.include, ...rule.paths.exclude])),
];
// Globs where picomatch reads more than literal characters: a `/` that `**` may swallow, `./`
// dropped, braces, classes, extglobs, negation.
const trickyGlobs = [
  '**/test/**',
  'test/**',
  'a/**/b',
  './src/*.ts',
  './x',
  'src/./x',
  'src/./a.ts',
  '../x',
  '**/*.{js,ts}',
  '**/[Tt]est/**',
  '**/*.+(md|mdx)',
  '!**/*.md',
  '**/.env.*',
  '**/docs*',
  '*',
  '**',
  'a//b',
  '**/x/',
];
const paths = [
  'test',
  'test/a.ts',
  'src/test/a.ts',
  'src/tests/a_test.go',
  'a/b',
  'a/x/b',
  'src/a.ts',
  'a.ts',
  './src/a.ts',
  'src\\test\\a.ts',
  'x',
  '../x',
  'docs',
  'docs.md',
  'pkg/docs-site/index.md',
  'web/app.min.js',
  'web/app.min.js.map',
  '.env.test',
  'config/.env.test.local',
  'Test/a.ts',
  'a/b.mdx',
  'src/file\nname.ts',
  'dist',
  'dist/x',
  'x/dist',
  'vendor/a/b/c.go',
  'a/__tests__/b.js',
  'a/FooTest.java',
  'a/FooTests.cs',
  'docker-compose.override.yml',
  'app/compose.yaml',
  'a//b',
  'x/',
  'a/x/',
  'locales/en.json',
];

test('a glob with its literal pre-test matches exactly the paths picomatch matches', () => {
  expect(packGlobs.length).toBeGreaterThan(50);
  for (const glob of [...packGlobs, ...trickyGlobs]) {
    const ours = compileGlob(glob);
    const theirs = picomatch(glob, OPTIONS);
    for (const path of [...paths, ...packGlobs.map((g) => g.replace(/\*+/g, 'x'))])
      expect([glob, path, ours(path)]).toEqual([glob, path, theirs(path)]);
  }
});
