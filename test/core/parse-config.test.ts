import { computeVerdict, gatingPhase } from '../../src/core/gate/compute-verdict.js';
import { evaluateRules } from '../../src/core/rules/evaluate-rules.js';
import { parseChecklist } from '../../src/core/checklist/parse-checklist.js';
import { parseConfig } from '../../src/core/config/parse-config.js';
import { resolveRules } from '../../src/core/rules/resolve-rules.js';
import { makeChange } from '../helpers/make-change.js';
import { builtinRule } from '../helpers/run-rule.js';
import { CHECKS } from '../../src/checks/index.js';

describe('parseConfig', () => {
  it('treats an empty file as the defaults', () => {
    expect(parseConfig('', '.github/readiness.yml', CHECKS)).toMatchObject({
      errors: [],
      config: { gate: { phase: 1 }, untracked: 'open' },
    });
  });

  it('reads every key', () => {
    const { config, errors } = parseConfig(
      `checklists: [docs/PLAN.md]
gate:
  phase: 1
  branches: { 'release/*': 2 }
untracked: ignore
ignore: ['vendor/**']
rules:
  disable: [cors-localhost]
  severity: { exit-without-cleanup: error }
  add:
    - id: no-console
      title: console.log added
      severity: notice
      description: d
      check: { kind: added-line-pattern, pattern: 'console\\.log' }
`,
      '.github/readiness.yml',
      CHECKS,
    );
    expect(errors).toEqual([]);
    expect(config).toMatchObject({
      checklists: ['docs/PLAN.md'],
      untracked: 'ignore',
      ignore: ['vendor/**'],
    });
    expect(config.rules.add[0]).toMatchObject({
      id: 'no-console',
      source: { path: '.github/readiness.yml', line: 11 },
    });
    expect(gatingPhase(config, 'release/1.2')).toBe(2);
    expect(gatingPhase(config, 'main')).toBe(1);
  });

  it.each([
    [
      'an unknown key',
      'checklist: [a.md]\n',
      1,
      /^Unexpected key `checklist`, expected one of: _extends, checklists, comment, gate/,
    ],
    [
      'a type error',
      'gate:\n  phase: "one"\n',
      2,
      /^Unexpected string `•••` \(3 characters\) for `gate.phase`, expected a whole number$/,
    ],
    ['a bad untracked value', 'untracked: maybe\n', 1, /expected one of: open, ignore$/],
    [
      'a bad inline rule',
      'rules:\n  add:\n    - id: x\n      title: t\n      severity: high\n      description: d\n      check: { kind: disabled-file }\n',
      5,
      /^Unexpected string `h•••` \(4 characters\) for `rules\.add\[0\]\.severity`, expected one of: error, warning, notice$/,
    ],
  ])('reports %s at its line', (_name, yaml, line, message) => {
    const { errors } = parseConfig(yaml, '.github/readiness.yml', CHECKS);
    expect(errors[0]).toMatchObject({ path: '.github/readiness.yml', line });
    expect(errors[0]?.message).toMatch(message);
  });
});

describe('resolveRules', () => {
  const builtin = [builtinRule('dev-keys'), builtinRule('cors-localhost')];

  it('disables, re-severities and rejects unknown ids', () => {
    const { config } = parseConfig(
      'rules:\n  disable: [cors-localhost, nope]\n  severity: { dev-keys: warning }\n',
      'c.yml',
      CHECKS,
    );
    const { rules, errors } = resolveRules(builtin, config, 'c.yml');
    expect(rules.map((rule) => [rule.id, rule.severity])).toEqual([['dev-keys', 'warning']]);
    expect(errors[0]?.message).toMatch(/^Unexpected rule id `nope` in `rules.disable`/);
  });
});

describe('suppression and the verdict', () => {
  const rule = builtinRule('dev-keys');
  const key = "const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';";

  it.each([
    ['on the same line', [`+${key} // readiness:allow dev-keys -- test account`], 'test account'],
    ['on the line above', ['+// readiness:allow dev-keys', `+${key}`], null],
  ])('keeps a finding suppressed %s', (_name, lines, reason) => {
    const [finding] = evaluateRules([rule], [makeChange('src/a.ts', lines)], CHECKS);
    expect(finding).toMatchObject({ suppressed: true, suppression: reason });
  });

  it('does not suppress for another rule id', () => {
    const [finding] = evaluateRules(
      [rule],
      [makeChange('src/a.ts', [`+${key} // readiness:allow empty-catch`])],
      CHECKS,
    );
    expect(finding?.suppressed).toBe(false);
  });

  it('fails on an open gating item or an unsuppressed error, and passes otherwise', () => {
    const green = parseChecklist('## Phase 1\n- [x] a\n- b\n', 'P.md').document;
    const open = parseChecklist('## Phase 1\n- [x] a\n- [ ] b\n', 'P.md').document;
    const findings = evaluateRules([rule], [makeChange('src/a.ts', [`+${key}`])], CHECKS);
    const base = { errors: [], phase: 1 };
    expect(
      computeVerdict({ ...base, documents: [open], findings: [], untracked: 'open' }).verdict,
    ).toBe('fail');
    expect(
      computeVerdict({ ...base, documents: [green], findings: [], untracked: 'open' }).verdict,
    ).toBe('fail');
    expect(
      computeVerdict({ ...base, documents: [green], findings: [], untracked: 'ignore' }).verdict,
    ).toBe('pass');
    expect(
      computeVerdict({ ...base, documents: [green], findings, untracked: 'ignore' }).gate.reasons,
    ).toEqual(['1 blocking finding(s).']);
    expect(
      computeVerdict({ ...base, documents: [], findings: [], untracked: 'open' }).verdict,
    ).toBe('fail');
  });
});
