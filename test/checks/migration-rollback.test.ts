import { makeChange } from '../helpers/make-change.js';
import { findingsOf, ruleFromYaml } from '../helpers/run-rule.js';

const rule = ruleFromYaml(`id: rollback
title: rollback
severity: error
description: d
check:
  kind: migration-rollback
  skip: [vendor/]`);

const added = { status: 'added' as const };

describe('migration-rollback', () => {
  it.each<[string, string, string[], string[], number[]]>([
    ['up without down', 'migrations/1.up.sql', ['+SELECT 1;'], ['migrations/0.down.sql'], [1]],
    ['down at head', 'migrations/1.up.sql', ['+SELECT 1;'], ['migrations/1.down.sql'], []],
    ['skipped prefix', 'vendor/x/migrations/1.up.sql', ['+SELECT 1;'], [], []],
    ['down file itself', 'migrations/1.down.sql', ['+DROP TABLE t;'], [], []],
    ['Flyway undo itself', 'db/U2__x.sql', ['+DROP TABLE t;'], [], []],
  ])('%s', (_name, path, lines, headPaths, expected) => {
    expect(findingsOf(rule, [makeChange(path, lines, added)], headPaths)).toEqual(
      expected.map((n) => [path, n]),
    );
  });

  it('judges the whole file at head when the adapter gives it', () => {
    const change = makeChange('server/migrations/2.js', ['+  up: async () => {}'], {
      status: 'added',
      content:
        'module.exports = {\n  up: async (q) => {\n    await q.addColumn("t", "c", {});\n  },\n  down: async (q) => {\n    await q.removeColumn("t", "c");\n  },\n};\n',
    });
    expect(findingsOf(rule, [change])).toEqual([]);
  });
});
