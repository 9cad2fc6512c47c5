import { CHECKS } from '../../src/checks/index.js';
import { DEFAULT_CONFIG } from '../../src/core/config/config-types.js';
import { parseConfig } from '../../src/core/config/parse-config.js';
import { runGate } from '../../src/core/gate/run-gate.js';
import { makeChange } from '../helpers/make-change.js';
import { builtinRule, ruleTable } from '../helpers/run-rule.js';
import { makeLocalTarget } from '../helpers/make-local-target.js';

const added = { status: 'added' as const };
const MISSING = 'without a rollback';

ruleTable('migration-rollback', {
  invalid: [
    {
      name: 'golang-migrate up without down',
      path: 'db/migrations/0002_orders.up.sql',
      lines: ['+CREATE TABLE orders (id int);'],
      ...added,
      headPaths: ['db/migrations/0001_users.up.sql', 'db/migrations/0001_users.down.sql'],
      findings: [{ line: 1, message: 'expected `db/migrations/0002_orders.down.sql`' }],
    },
    {
      name: 'an empty down file added beside it',
      path: 'db/migrations/0002_orders.up.sql',
      lines: ['+CREATE TABLE orders (id int);'],
      ...added,
      others: [makeChange('db/migrations/0002_orders.down.sql', ['+-- nothing'], added)],
      findings: [{ line: 1, message: 'Unexpected empty rollback' }],
    },
    {
      name: 'Flyway V without U when the folder has undo scripts',
      path: 'sql/V3__add_index.sql',
      lines: ['+CREATE INDEX i ON t (c);'],
      ...added,
      headPaths: ['sql/V1__init.sql', 'sql/U1__init.sql'],
      findings: [{ line: 1, message: 'expected `sql/U3__add_index.sql`' }],
    },
    {
      name: 'plain SQL in a migrations folder without any down',
      path: 'migrations/003_add_column.sql',
      lines: ['+ALTER TABLE t ADD COLUMN c int;'],
      ...added,
      headPaths: ['migrations/001_init.sql', 'migrations/001_init.rollback.sql'],
      findings: [{ line: 1, message: MISSING }],
    },
    {
      name: 'dbmate with an empty down section',
      path: 'db/migrations/20240101_add.sql',
      lines: ['+-- migrate:up', '+CREATE TABLE t (id int);', '+-- migrate:down', '+'],
      ...added,
      findings: [{ line: 1, message: 'statements in the down section' }],
    },
    {
      name: 'Liquibase formatted SQL without --rollback',
      path: 'db/changelog/002.sql',
      lines: ['+--liquibase formatted sql', '+--changeset ana:2', '+CREATE TABLE t (id int);'],
      ...added,
      findings: [{ line: 1, message: '--rollback' }],
    },
    {
      name: 'Knex migration with only up',
      path: 'src/migrations/20240101_users.js',
      lines: ['+exports.up = (knex) => knex.schema.createTable("users", (t) => t.increments());'],
      ...added,
      findings: [{ line: 1, message: 'a `down` that undoes `up`' }],
    },
    {
      name: 'Sequelize migration whose down is empty',
      path: 'server/migrations/20240101-add.js',
      lines: [
        '+module.exports = {',
        '+  up: async (queryInterface) => {',
        '+    await queryInterface.addColumn("t", "c", {});',
        '+  },',
        '+  down: async () => {',
        '+  },',
        '+};',
      ],
      ...added,
      findings: [{ line: 1, message: MISSING }],
    },
    {
      name: 'Rails def up without def down',
      path: 'db/migrate/20240101000000_backfill.rb',
      lines: [
        '+class Backfill < ActiveRecord::Migration[7.1]',
        '+  def up',
        '+    execute "UPDATE t SET c = 1"',
        '+  end',
        '+end',
      ],
      ...added,
      findings: [{ line: 1, message: '`def down`' }],
    },
    {
      name: 'Laravel migration without down()',
      path: 'database/migrations/2024_01_01_000000_add_col.php',
      lines: [
        '+return new class extends Migration {',
        '+    public function up(): void',
        '+    {',
        '+        Schema::table("t", fn ($t) => $t->string("c"));',
        '+    }',
        '+};',
      ],
      ...added,
      findings: [{ line: 1, message: '`down()`' }],
    },
    {
      name: 'Django RunPython without reverse code',
      path: 'app/migrations/0007_backfill.py',
      lines: [
        '+class Migration(migrations.Migration):',
        '+    operations = [',
        '+        migrations.RunPython(forwards),',
        '+    ]',
      ],
      ...added,
      findings: [{ line: 1, message: '`reverse_code`' }],
    },
    {
      name: 'Alembic downgrade with only pass',
      path: 'alembic/versions/abc123_add.py',
      lines: [
        '+def upgrade():',
        '+    op.add_column("t", sa.Column("c", sa.Integer()))',
        '+',
        '+def downgrade():',
        '+    pass',
      ],
      ...added,
      findings: [{ line: 1, message: '`def downgrade()`' }],
    },
    {
      name: 'a down that only explains why it cannot undo: a warning',
      path: 'server/migrations/20260514-cascade.js',
      lines: [
        '+module.exports = {',
        '+  async up(queryInterface) {',
        '+    await queryInterface.sequelize.query("UPDATE t SET c = 1");',
        '+  },',
        '+  async down() {',
        '+    // No-op: the backfilled values are now relied on and cannot be undone.',
        '+  },',
        '+};',
      ],
      ...added,
      findings: [{ line: 1, message: 'declared irreversible', severity: 'warning' }],
    },
    {
      name: 'a forward-only folder (no rollback beside any migration): a warning',
      path: 'migrations/20260101_add.up.sql',
      lines: ['+ALTER TABLE t ADD COLUMN c int;'],
      ...added,
      headPaths: ['migrations/20250101_init.up.sql', 'migrations/20250201_more.up.sql'],
      findings: [{ line: 1, message: 'forward-only', severity: 'warning' }],
    },
  ],
  valid: [
    {
      name: 'golang-migrate with its down file in the change',
      path: 'db/migrations/0002_orders.up.sql',
      lines: ['+CREATE TABLE orders (id int);'],
      ...added,
      others: [makeChange('db/migrations/0002_orders.down.sql', ['+DROP TABLE orders;'], added)],
    },
    {
      name: 'the down file already in the tree',
      path: 'db/migrations/0002_orders.up.sql',
      lines: ['+CREATE TABLE orders (id int);'],
      ...added,
      headPaths: ['db/migrations/0002_orders.down.sql'],
    },
    {
      name: 'goose with a Down section',
      path: 'db/migrations/00002_add.sql',
      lines: ['+-- +goose Up', '+CREATE TABLE t (id int);', '+-- +goose Down', '+DROP TABLE t;'],
      ...added,
    },
    {
      name: 'Liquibase formatted SQL with --rollback',
      path: 'db/changelog/002.sql',
      lines: [
        '+--liquibase formatted sql',
        '+--changeset ana:2',
        '+CREATE TABLE t (id int);',
        '+--rollback DROP TABLE t;',
      ],
      ...added,
    },
    {
      name: 'Sequelize migration with down() in the same file',
      path: 'server/migrations/20240101-add.js',
      lines: [
        "+'use strict';",
        '+module.exports = {',
        '+  async up(queryInterface, Sequelize) {',
        '+    await queryInterface.addColumn("t", "c", { type: Sequelize.STRING });',
        '+  },',
        '+  async down(queryInterface) {',
        '+    await queryInterface.removeColumn("t", "c");',
        '+  },',
        '+};',
      ],
      ...added,
    },
    {
      name: 'TypeORM migration with down',
      path: 'src/migrations/1700000000000-Add.ts',
      lines: [
        '+export class Add1700000000000 implements MigrationInterface {',
        '+  public async up(queryRunner: QueryRunner): Promise<void> {',
        '+    await queryRunner.query(`ALTER TABLE t ADD c int`);',
        '+  }',
        '+  public async down(queryRunner: QueryRunner): Promise<void> {',
        '+    await queryRunner.query(`ALTER TABLE t DROP c`);',
        '+  }',
        '+}',
      ],
      ...added,
    },
    {
      name: 'Rails reversible def change',
      path: 'db/migrate/20240101000000_add_col.rb',
      lines: [
        '+class AddCol < ActiveRecord::Migration[7.1]',
        '+  def change',
        '+    add_column :t, :c, :integer',
        '+  end',
        '+end',
      ],
      ...added,
    },
    {
      name: 'Laravel migration with down()',
      path: 'database/migrations/2024_01_01_000000_add_col.php',
      lines: [
        '+    public function up(): void',
        '+    {',
        '+        Schema::table("t", fn ($t) => $t->string("c"));',
        '+    }',
        '+    public function down(): void',
        '+    {',
        '+        Schema::table("t", fn ($t) => $t->dropColumn("c"));',
        '+    }',
      ],
      ...added,
    },
    {
      name: 'Django schema operations are reversible by default',
      path: 'app/migrations/0008_field.py',
      lines: [
        '+class Migration(migrations.Migration):',
        '+    operations = [',
        '+        migrations.AddField("m", "f", models.IntegerField(default=0)),',
        '+    ]',
      ],
      ...added,
    },
    {
      name: 'Django RunPython with a reverse (noop)',
      path: 'app/migrations/0009_backfill.py',
      lines: [
        '+class Migration(migrations.Migration):',
        '+    operations = [',
        '+        migrations.RunPython(',
        '+            forwards, migrations.RunPython.noop',
        '+        ),',
        '+    ]',
      ],
      ...added,
    },
    {
      name: 'Alembic with a real downgrade',
      path: 'alembic/versions/abc123_add.py',
      lines: [
        '+def upgrade():',
        '+    op.add_column("t", sa.Column("c", sa.Integer()))',
        '+',
        '+def downgrade():',
        '+    op.drop_column("t", "c")',
      ],
      ...added,
    },
    {
      name: 'Prisma migrations are forward-only by design',
      path: 'prisma/migrations/20240101_init/migration.sql',
      lines: ['+CREATE TABLE "User" (id int);'],
      ...added,
    },
    {
      name: 'config says migrations: forward-only',
      path: 'db/migrations/0002_orders.up.sql',
      lines: ['+CREATE TABLE orders (id int);'],
      ...added,
      migrations: 'forward-only',
    },
    {
      name: 'an edited (not added) migration',
      path: 'db/migrations/0001_users.up.sql',
      lines: [' CREATE TABLE users (id int);', '+CREATE INDEX u ON users (id);'],
    },
    {
      name: 'SQL outside a migrations folder',
      path: 'reports/monthly.sql',
      lines: ['+SELECT 1;'],
      ...added,
    },
  ],
});

describe('migrations: forward-only in the config', () => {
  it('is parsed and keeps the rule quiet through the whole gate', async () => {
    const { config, errors } = parseConfig(
      'migrations: forward-only\n',
      '.github/readiness.yml',
      CHECKS,
    );
    expect(errors).toEqual([]);
    expect(config.migrations).toBe('forward-only');
    const snapshot = (settings: typeof config) => ({
      target: makeLocalTarget(),
      config: settings,
      rules: [builtinRule('migration-rollback')],
      errors: [],
      changes: [makeChange('db/migrations/0002_x.up.sql', ['+SELECT 1;'], added)],
      headPaths: ['db/migrations/0001_a.up.sql', 'db/migrations/0001_a.down.sql'],
      checklists: [],
      notScanned: [],
      unreadable: [],
      waivers: [],
    });
    expect((await runGate(snapshot(DEFAULT_CONFIG), CHECKS)).verdict.findings).toHaveLength(1);
    expect((await runGate(snapshot(config), CHECKS)).verdict.findings).toEqual([]);
  });

  it('rejects an unknown convention', async () => {
    const { errors } = parseConfig('migrations: sometimes\n', '.github/readiness.yml', CHECKS);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('expected one of: reversible, forward-only'),
    ]);
  });
});
