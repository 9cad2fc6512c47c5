import { evaluateRules } from '../../src/core/rules/evaluate-rules.js';
import { makeChange } from '../helpers/make-change.js';
import { findingsOf, ruleFromYaml } from '../helpers/run-rule.js';
import { CHECKS } from '../../src/checks/index.js';

function rule(options: string) {
  return ruleFromYaml(`id: todo
title: TODO added
severity: error
description: d
check:
  kind: added-line-pattern
${options}`);
}

const TODO = "  pattern: 'TODO\\('";

describe('added-line-pattern', () => {
  it.each<[string, string, string[], Array<[string, number]>]>([
    ['finds the added line', TODO, [' a', '+x TODO(me)', ' b'], [['f.ts', 2]]],
    ['ignores context lines', TODO, [' TODO(me)', '+y'], []],
    ['ignores removed lines', TODO, ['-TODO(me)', '+y'], []],
    [
      'scope removed reads removed lines',
      `${TODO}\n  scope: removed`,
      ['-TODO(me)', '+y'],
      [['f.ts', 1]],
    ],
    [
      'scope diff_context reads added and context lines',
      `${TODO}\n  scope: diff_context`,
      [' TODO(me)', '+TODO(you)'],
      [
        ['f.ts', 1],
        ['f.ts', 2],
      ],
    ],
    [
      'the keyword pre-filter skips lines without a keyword',
      `${TODO}\n  keywords: [nope]`,
      ['+TODO(me)'],
      [],
    ],
    ['keywords are case-insensitive', `${TODO}\n  keywords: [todo]`, ['+TODO(me)'], [['f.ts', 1]]],
    ['ignoreCase', "  pattern: 'todo\\('\n  ignoreCase: true", ['+TODO(me)'], [['f.ts', 1]]],
  ])('%s', (_name, options, lines, expected) => {
    expect(findingsOf(rule(options), [makeChange('f.ts', lines)])).toEqual(expected);
  });

  it('scope file reads the whole file at head when the adapter gives it', () => {
    const change = makeChange('f.ts', ['+y'], { start: 3, content: 'a\nTODO(me)\ny\n' });
    expect(findingsOf(rule(`${TODO}\n  scope: file`), [change])).toEqual([['f.ts', 2]]);
  });

  it('skips binary and deleted files', () => {
    const changes = [
      makeChange('a.bin', ['+TODO('], { binary: true }),
      makeChange('d.ts', ['-TODO('], { status: 'deleted' }),
    ];
    expect(findingsOf(rule(TODO), changes)).toEqual([]);
  });

  it('shows only a masked prefix of a secret match', () => {
    const r = rule("  pattern: 'sk_live_[a-z]+'\n  secret: true");
    const [finding] = evaluateRules(
      [r],
      [makeChange('f.ts', ['+const k = "sk_live_abcdefghijklmnop"'])],
      CHECKS,
    );
    expect(finding?.excerpt).toBe('sk_l••••••••');
    expect(JSON.stringify(finding)).not.toContain('abcdefghijklmnop');
  });
});
