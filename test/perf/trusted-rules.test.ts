import { compileTrustedRegex } from '../../src/core/rules/compile-trusted-regex.js';
import { parseConfig } from '../../src/core/config/parse-config.js';
import { resolveRules } from '../../src/core/rules/resolve-rules.js';
import { CHECKS } from '../../src/checks/index.js';
import { loadBuiltinRules } from '../../src/local/load-builtin-rules.js';

test('the built-in loader marks its rules trusted', () => {
  const { rules } = loadBuiltinRules();
  expect(rules.length).toBeGreaterThan(0);
  expect(rules.every((rule) => rule.trusted === true)).toBe(true);
});

test('a rule from a config is never trusted, even when it says so or overrides a built-in', () => {
  const config = parseConfig(
    [
      'rules:',
      '  add:',
      '    - id: my-rule',
      '      title: Mine',
      '      severity: error',
      '      description: mine',
      '      trusted: true',
      '      check: { kind: added-line-pattern, pattern: "(a+)+$" }',
      '    - id: exit-without-cleanup',
      '      override: true',
      '      title: Exit',
      '      severity: error',
      '      description: exit',
      '      check: { kind: added-line-pattern, pattern: "process\\\\.exit" }',
    ].join('\n'),
    '.github/readiness.yml',
    CHECKS,
  );
  const { rules } = resolveRules(loadBuiltinRules().rules, config.config, '.github/readiness.yml');
  for (const id of ['my-rule', 'exit-without-cleanup']) {
    const rule = rules.find((r) => r.id === id);
    if (rule) expect(rule.trusted).not.toBe(true);
  }
  expect(rules.find((r) => r.id === 'exit-without-cleanup')?.trusted).not.toBe(true);
});

test('our patterns run on V8 only when listed as proven linear', () => {
  expect(compileTrustedRegex("'unsafe-(?:inline|eval)'").engine).toBe('v8');
  // Polynomial on a backtracking engine: stays on RE2.
  expect(compileTrustedRegex('(a+)+$').engine).toBe('re2');
});

test('the V8 matcher reports groups and offsets like RE2', () => {
  const v8 = compileTrustedRegex('\\b((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,})');
  const re2 = compileTrustedRegex('\\b((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,})x?(y)?');
  expect(v8.engine).toBe('v8');
  expect(re2.engine).toBe('re2');
  const line = '😀 a = "sk_live_0123456789abcdefgh", b = "rk_test_0123456789ABCDEFGH"';
  const walk = (regex: typeof v8) => {
    const matcher = regex.matcher(line);
    const found: Array<[string | null, number, number]> = [];
    let from = 0;
    while (from <= line.length && matcher.find(from)) {
      found.push([matcher.group(1), matcher.start(1), matcher.end(0)]);
      from = Math.max(matcher.end(0), from + 1);
    }
    return found;
  };
  expect(walk(v8)).toEqual(walk(re2));
  expect(walk(v8)).toHaveLength(2);
});
