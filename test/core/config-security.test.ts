import picomatch from 'picomatch';
import { CHECKS } from '../../src/checks/index.js';
import { findGlobProblem } from '../../src/core/config/validate-globs.js';
import { parseConfig } from '../../src/core/config/parse-config.js';
import { evaluateRules } from '../../src/core/rules/evaluate-rules.js';
import { resolveRules } from '../../src/core/rules/resolve-rules.js';
import { makeChange } from '../helpers/make-change.js';
import { builtinRule } from '../helpers/run-rule.js';

const PATH = '.github/readiness.yml';

describe('rules.add with a built-in id', () => {
  const builtin = [builtinRule('dev-keys')];
  // The attack: a config "adds" dev-keys with a pattern that never matches.
  const neutered = (extra: string) => `rules:
  add:
    - id: dev-keys
      title: keys
      severity: notice
      description: harmless
${extra}      check: { kind: added-line-pattern, pattern: 'will-never-match-anything' }
`;
  const key = "+const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';";

  it('is refused at its file:line and the built-in rule keeps catching the secret', () => {
    const { config, errors: parseErrors } = parseConfig(neutered(''), PATH, CHECKS);
    expect(parseErrors).toEqual([]);
    const { rules, errors, overridden } = resolveRules(builtin, config, PATH);
    expect(errors).toEqual([
      {
        path: PATH,
        line: 3,
        column: 7,
        message:
          'Unexpected rule id `dev-keys` in `rules.add`: it is a built-in rule, expected a new id, or `override: true` to replace it (the report shows overrides)',
      },
    ]);
    expect(overridden).toEqual([]);
    const findings = evaluateRules(rules, [makeChange('src/a.ts', [key])], CHECKS);
    expect(findings).toMatchObject([{ rule: 'dev-keys', severity: 'error' }]);
  });

  it('replaces the built-in rule only with `override: true`, and says so', () => {
    const { config, errors: parseErrors } = parseConfig(
      neutered('      override: true\n'),
      PATH,
      CHECKS,
    );
    expect(parseErrors).toEqual([]);
    const { rules, errors, overridden } = resolveRules(builtin, config, PATH);
    expect(errors).toEqual([]);
    expect(overridden).toMatchObject([{ id: 'dev-keys', override: true, source: { line: 3 } }]);
    expect(rules).toMatchObject([{ id: 'dev-keys', severity: 'notice', override: true }]);
  });

  it('shows no override for `override: true` on a new id', () => {
    const { config } = parseConfig(
      neutered('      override: true\n').replace('id: dev-keys', 'id: my-keys'),
      PATH,
      CHECKS,
    );
    const { rules, overridden } = resolveRules(builtin, config, PATH);
    expect(overridden).toEqual([]);
    expect(rules.find((rule) => rule.id === 'my-keys')).not.toHaveProperty('override');
  });
});

describe('notScanned and waivers config', () => {
  it.each([
    ['', { text: 'fail', binary: 'warn' }],
    ['notScanned: warn\n', { text: 'warn', binary: 'warn' }],
    ['notScanned: fail\n', { text: 'fail', binary: 'fail' }],
    ['notScanned: { binary: fail }\n', { text: 'fail', binary: 'fail' }],
  ])('%j → %j', (yaml, policy) => {
    const { config, errors } = parseConfig(yaml, PATH, CHECKS);
    expect(errors).toEqual([]);
    expect(config.notScanned).toEqual(policy);
  });

  it('rejects an unknown policy at its line', () => {
    const { errors } = parseConfig('gate: { phase: 1 }\nnotScanned: ignore\n', PATH, CHECKS);
    expect(errors[0]).toMatchObject({ path: PATH, line: 2 });
  });

  it('lets the author waive only when the base config says so (default false)', () => {
    expect(parseConfig('', PATH, CHECKS).config.waivers).toEqual({ allowAuthor: false });
    expect(parseConfig('gate: { phase: 1 }\n', PATH, CHECKS).config.waivers).toEqual({
      allowAuthor: false,
    });
    expect(parseConfig('waivers: { allowAuthor: true }\n', PATH, CHECKS).config.waivers).toEqual({
      allowAuthor: true,
    });
  });
});

describe('globs from config', () => {
  // `*a*a*a*a*a*a*a*a*a*a*b` took 35 s against a 40-character name in picomatch.
  const explosive = `*${'a*'.repeat(10)}b`;

  it.each([
    ['ignore', `ignore:\n  - 'vendor/**'\n  - '${explosive}'\n`, 3],
    [
      'paths.include of an added rule',
      `rules:\n  add:\n    - id: x\n      title: t\n      severity: error\n      description: d\n      paths: { include: ['+(a|aa)+(a|aa)c'] }\n      check: { kind: added-line-pattern, pattern: x }\n`,
      7,
    ],
    ['checklists', `checklists:\n  - '${'{a,a}'.repeat(20)}b.md'\n`, 2],
    ['gate.branches', `gate:\n  branches:\n    '${explosive}': 2\n`, 3],
  ])('refuses a backtracking glob in %s at its line', (_name, yaml, line) => {
    const { errors } = parseConfig(yaml, PATH, CHECKS);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: PATH, line });
    expect(errors[0]?.message).toMatch(/^Unexpected /);
  });

  it.each([
    '**/*.test.ts',
    'src/**/*.{ts,tsx,js}',
    'release/*',
    'docs/*READINESS*.md',
    '!vendor/**',
    '**/node_modules/**',
  ])('accepts %s', (glob) => {
    expect(findGlobProblem(glob)).toBeNull();
  });

  it('keeps the worst accepted glob cheap on a long name', () => {
    const worst = '*a*a*b';
    expect(findGlobProblem(worst)).toBeNull();
    expect(picomatch(worst)('a'.repeat(250))).toBe(false);
  });
});
