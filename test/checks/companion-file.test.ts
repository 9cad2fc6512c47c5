import { makeChange } from '../helpers/make-change.js';
import { builtinRule, findingsOf, ruleFromYaml } from '../helpers/run-rule.js';

const added = (path: string, lines: string[] = ['+CREATE TABLE t (id int);']) =>
  makeChange(path, lines, { status: 'added' });

describe('companion-file', () => {
  const rule = ruleFromYaml(`id: c
title: t
severity: error
description: d
paths:
  exclude: ['**/*.down.sql', '**/U*__*.sql']
check:
  kind: companion-file
  pairs:
    - match: '^(.*/)?V(\\d+)__(.+)\\.sql$'
      requires: ['{1}U{2}__{3}.sql']
    - match: '^db/(.+)\\.sql$'
      requires: ['{dir}/{stem}.down.sql']
  markers: ['^-- migrate:down']
`);

  it.each<[string, ReturnType<typeof makeChange>[], string[], Array<[string, number]>]>([
    ['missing companion', [added('db/001_a.sql')], [], [['db/001_a.sql', 1]]],
    [
      'companion in the same change',
      [added('db/001_a.sql'), added('db/001_a.down.sql', ['+DROP TABLE t;'])],
      [],
      [],
    ],
    ['companion already in the tree', [added('db/001_a.sql')], ['db/001_a.down.sql'], []],
    ['capture groups fill the template', [added('sql/V7__orders.sql')], ['sql/U7__orders.sql'], []],
    [
      'capture groups, missing',
      [added('sql/V7__orders.sql')],
      ['sql/U8__orders.sql'],
      [['sql/V7__orders.sql', 1]],
    ],
    [
      'empty companion counts as missing',
      [added('db/001_a.sql'), added('db/001_a.down.sql', ['+-- nothing', '+'])],
      [],
      [['db/001_a.sql', 1]],
    ],
    [
      'in-file marker with a body',
      [
        added('db/002_b.sql', [
          '+-- migrate:up',
          '+CREATE TABLE b (id int);',
          '+-- migrate:down',
          '+DROP TABLE b;',
        ]),
      ],
      [],
      [],
    ],
    [
      'in-file marker with nothing after it',
      [added('db/002_b.sql', ['+-- migrate:up', '+CREATE TABLE b (id int);', '+-- migrate:down'])],
      [],
      [['db/002_b.sql', 1]],
    ],
    ['modified migrations are not new', [makeChange('db/001_a.sql', ['+ALTER x;'])], [], []],
    ['paths that match no pair', [added('src/a.sql')], [], []],
  ])('%s', (_name, changes, tree, expected) => {
    expect(findingsOf(rule, changes, tree)).toEqual(expected);
  });
});

describe('migration-rollback (built-in)', () => {
  const rule = builtinRule('migration-rollback');
  it.each<[string, ReturnType<typeof makeChange>[], Array<[string, number]>]>([
    [
      'plain migration without rollback',
      [added('db/migrations/0042_orders.sql')],
      [['db/migrations/0042_orders.sql', 1]],
    ],
    [
      '.rollback.sql',
      [
        added('db/migrations/0042_orders.sql'),
        added('db/migrations/0042_orders.rollback.sql', ['+DROP TABLE orders;']),
      ],
      [],
    ],
    [
      'golang-migrate .up/.down',
      [
        added('migrations/000001_init.up.sql'),
        added('migrations/000001_init.down.sql', ['+DROP TABLE x;']),
      ],
      [],
    ],
    [
      'golang-migrate .up without .down',
      [added('migrations/000001_init.up.sql')],
      [['migrations/000001_init.up.sql', 1]],
    ],
    [
      'Flyway V/U',
      [
        added('db/migration/V3__add_index.sql'),
        added('db/migration/U3__add_index.sql', ['+DROP INDEX i;']),
      ],
      [],
    ],
    [
      'Flyway V without U',
      [added('db/migration/V3__add_index.sql')],
      [['db/migration/V3__add_index.sql', 1]],
    ],
    [
      'folder style up.sql/down.sql',
      [
        added('migrations/2024-01-01-init/up.sql'),
        added('migrations/2024-01-01-init/down.sql', ['+DROP TABLE x;']),
      ],
      [],
    ],
    [
      'dbmate',
      [
        added('db/migrations/20240101_x.sql', [
          '+-- migrate:up',
          '+CREATE TABLE x();',
          '+-- migrate:down',
          '+DROP TABLE x;',
        ]),
      ],
      [],
    ],
    [
      'goose',
      [
        added('migrations/00001_x.sql', [
          '+-- +goose Up',
          '+CREATE TABLE x();',
          '+-- +goose Down',
          '+DROP TABLE x;',
        ]),
      ],
      [],
    ],
    [
      'knex',
      [
        added('migrations/20240101_x.js', [
          '+exports.up = (knex) => knex.schema.createTable("x", () => {});',
          '+exports.down = function (knex) {',
          "+  return knex.schema.dropTable('x');",
          '+};',
        ]),
      ],
      [],
    ],
    [
      'knex with an empty down',
      [
        added('migrations/20240101_x.js', [
          '+exports.up = (knex) => knex.schema.createTable("x");',
          '+exports.down = () => {};',
        ]),
      ],
      [['migrations/20240101_x.js', 1]],
    ],
    [
      'alembic downgrade with a body',
      [
        added('alembic/versions/abc_x.py', [
          '+def upgrade():',
          '+    op.create_table("x")',
          '+',
          '+def downgrade():',
          '+    op.drop_table("x")',
        ]),
      ],
      [],
    ],
    [
      'alembic downgrade that is just pass',
      [
        added('alembic/versions/abc_x.py', [
          '+def upgrade():',
          '+    op.create_table("x")',
          '+',
          '+def downgrade():',
          '+    pass',
        ]),
      ],
      [['alembic/versions/abc_x.py', 1]],
    ],
    [
      'an empty rollback file',
      [added('db/migrations/0042_orders.sql'), added('db/migrations/0042_orders.down.sql', ['+'])],
      [['db/migrations/0042_orders.sql', 1]],
    ],
    [
      'the rollback file itself is not a migration',
      [added('db/migrations/0042_orders.down.sql', ['+DROP TABLE orders;'])],
      [],
    ],
  ])('%s', (_name, changes, expected) => {
    expect(findingsOf(rule, changes)).toEqual(expected);
  });
});
