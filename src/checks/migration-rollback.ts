import type { FileChange } from '../core/diff/diff-types.js';
import { recoverNewContent } from '../core/diff/recover-new-content.js';
import { MAX_LINE } from '../core/rules/find-secrets.js';
import type { CheckContext, RawFinding } from '../core/rules/rule-types.js';
import { createCheck } from './create-check.js';

export interface MigrationRollbackOptions {
  /** Path prefixes that are never migrations (vendored tools, generated code). */
  skip?: string[];
}

/**
 * What a migration file needs, by convention. Path conventions (a sibling file) can be checked
 * against the tree; in-file conventions (`down()`, `def downgrade`) against the file's text.
 */
type Verdict =
  { ok: true } | { ok: false; expected: string; siblings?: { dir: string; companion: RegExp } };

// Lines that do not make a rollback: blanks, comments, `pass`, lone braces, docstrings.
const HOLLOW =
  /^\s*(?:$|--|#|\/\/|\/\*|\*|pass\b|[{}();,][{}();,\s]*$|"""|'''|return;?\s*$|end\s*$)/;
const MIGRATION_DIR =
  /(?:^|\/)(?:migrations?|migrate|db\/migrate|sql\/migrations|schema\/migrations)\//i;

/** A line matching `marker`, then a line that does something before `stop` or the end. */
function sectionHasBody(lines: string[], marker: RegExp, stop: RegExp): boolean {
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (!marker.test(line)) continue;
    // A one-line body (`exports.down = () => knex.schema.dropTable('x')`) counts too.
    const rest = line.replace(/^.*(?:=>|\{)\s*/, '');
    if (rest !== line && rest.trim() !== '' && !HOLLOW.test(rest) && !/^false\b/.test(rest))
      return true;
    for (const next of lines.slice(index + 1)) {
      if (stop.test(next)) break;
      if (!HOLLOW.test(next)) return true;
    }
  }
  return false;
}

/** The text of each `name(...)` call, parentheses balanced, scanned once. */
function callsOf(text: string, name: RegExp): string[] {
  const calls: string[] = [];
  const global = new RegExp(name.source, 'g');
  let match: RegExpExecArray | null;
  while ((match = global.exec(text)) !== null) {
    let depth = 0;
    let end = match.index + match[0].length - 1;
    for (; end < text.length; end++) {
      if (text[end] === '(') depth++;
      else if (text[end] === ')' && --depth === 0) break;
    }
    calls.push(text.slice(match.index + match[0].length, end));
    global.lastIndex = Math.max(end, global.lastIndex);
  }
  return calls;
}

/** Whether a call's argument text has a second argument at the top level. */
/** `db/1_init/` → `db/`: what `dir.replace(/[^/]+\/$/, '')` gives, without its quadratic scan. */
function parentOf(dir: string): string {
  if (dir.length < 2 || !dir.endsWith('/') || dir[dir.length - 2] === '/') return dir;
  return dir.slice(0, dir.lastIndexOf('/', dir.length - 2) + 1);
}

function hasSecondArgument(args: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let index = 0; index < args.length; index++) {
    const char = args[index] as string;
    if (quote) {
      if (char === '\\') index++;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'" || char === '`') quote = char;
    else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth--;
    else if (char === ',' && depth === 0) return args.slice(index + 1).trim() !== '';
  }
  return false;
}

/**
 * `read` gives the file's text at head (null when unknown); `holds` says whether that text holds
 * a word (null when unknown) without building it.
 */
function judge(
  path: string,
  read: () => string | null,
  holds: (word: string) => boolean | null,
): Verdict | null {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dir = path.slice(0, path.lastIndexOf('/') + 1);
  // Most files are told apart by their path: the text is read and split only when it matters.
  let text: string | null | undefined;
  let split: string[] | undefined;
  const textOf = () => (text === undefined ? (text = read()) : text);
  const linesOf = () =>
    (split ??=
      textOf()
        ?.split(/\r?\n/)
        .map((line) => line.slice(0, MAX_LINE)) ?? []);
  const has = (pattern: RegExp) => linesOf().some((line) => pattern.test(line));
  // Prisma is forward-only by design: `prisma migrate` has no down migrations.
  if (/(?:^|\/)prisma\/migrations\//.test(path)) return null;
  if (/\.sql$/i.test(name)) {
    if (/^U\d/.test(name) || /\.down\.sql$|(?:^|\/)down\.sql$|\.rollback\.sql$/i.test(path))
      return null;
    const flyway = /^V(\d+(?:[._]\d+)*)__(.+)$/.exec(name);
    if (flyway)
      return {
        ok: false,
        expected: `\`${dir}U${flyway[1]}__${flyway[2]}\``,
        siblings: { dir, companion: /(?:^|\/)U\d[^/]*$/ },
      };
    if (/\.up\.sql$/i.test(name))
      return {
        ok: false,
        expected: `\`${dir}${name.replace(/\.up\.sql$/i, '.down.sql')}\``,
        siblings: { dir, companion: /\.down\.sql$/i },
      };
    if (name === 'up.sql')
      return {
        ok: false,
        expected: `\`${dir}down.sql\``,
        siblings: { dir: parentOf(dir), companion: /(?:^|\/)down\.sql$/ },
      };
    if (!MIGRATION_DIR.test(path) && !has(/--\s*(?:migrate:up|\+goose\s+up|changeset\b)/i))
      return null;
    if (has(/^\s*--\s*liquibase\s+formatted/i) || has(/^\s*--\s*changeset\b/i))
      return has(/^\s*--\s*rollback\s+\S/i)
        ? { ok: true }
        : { ok: false, expected: 'a `--rollback` statement for each changeset' };
    if (has(/^\s*--\s*migrate:down/i) || has(/^\s*--\s*\+goose\s+down/i))
      return sectionHasBody(
        linesOf(),
        /^\s*--\s*(?:migrate:down|\+goose\s+down)/i,
        /^\s*--\s*(?:migrate:up|\+goose\s+up)/i,
      )
        ? { ok: true }
        : { ok: false, expected: 'statements in the down section' };
    const stem = name.replace(/\.sql$/i, '');
    return {
      ok: false,
      expected: `\`${dir}${stem}.down.sql\`, \`${dir}${stem}.rollback.sql\` or a \`-- migrate:down\` / \`-- +goose Down\` section`,
      siblings: { dir, companion: /\.(?:down|rollback)\.sql$/i },
    };
  }
  if (/\.(?:xml|ya?ml)$/i.test(name) && /changelog|liquibase/i.test(path)) {
    const raw = /<sql\b|\bsql:\s|<update\b|<delete\b|<insert\b|sqlFile/i;
    if (!has(raw)) return null;
    return has(/<rollback\b|^\s*(?:-\s*)?rollback:/)
      ? { ok: true }
      : { ok: false, expected: 'a `rollback` for each raw-SQL changeset' };
  }
  // Every convention below starts from the path: any other file is not read at all.
  const rails = /(?:^|\/)db\/migrate\/[^/]+\.rb$/.test(path);
  const ecto = /(?:^|\/)priv\/repo\/migrations\/[^/]+\.exs$/.test(path);
  const laravel = /\.php$/.test(name) && /(?:^|\/)(?:database\/)?migrations\//.test(path);
  const python = /\.py$/.test(name);
  const script = /\.(?:js|cjs|mjs|ts)$/.test(name) && MIGRATION_DIR.test(path);
  if (!(rails || ecto || laravel || python || script) || holds('') === null) return null;
  // Rails: `def change` is reversible; `def up` needs `def down`.
  if (rails) {
    if (has(/^\s*def\s+change\b/)) return { ok: true };
    if (!has(/^\s*def\s+up\b/)) return null;
    return sectionHasBody(linesOf(), /^\s*def\s+down\b/, /^\s*def\s+\w+/)
      ? { ok: true }
      : { ok: false, expected: '`def down` (or a reversible `def change`)' };
  }
  // Ecto: `def change` is reversible; `def up` needs `def down`.
  if (ecto) {
    if (has(/^\s*def\s+change\b/)) return { ok: true };
    return has(/^\s*def\s+down\b/)
      ? { ok: true }
      : { ok: false, expected: '`def down` (or a reversible `def change`)' };
  }
  // Laravel
  if (laravel) {
    if (!has(/function\s+up\s*\(/)) return null;
    return sectionHasBody(linesOf(), /function\s+down\s*\(/, /function\s+\w+\s*\(/)
      ? { ok: true }
      : { ok: false, expected: 'a `down()` method that undoes `up()`' };
  }
  if (python) {
    // Alembic (most Python files are not migrations: a plain search rules them out first)
    if (holds('upgrade') === true && has(/^\s*def\s+upgrade\s*\(/))
      return sectionHasBody(linesOf(), /^\s*def\s+downgrade\s*\(/, /^\s*def\s+\w+\s*\(/)
        ? { ok: true }
        : { ok: false, expected: '`def downgrade()` with statements that undo `upgrade()`' };
    // Django: reversible unless RunPython/RunSQL is given no reverse.
    if (MIGRATION_DIR.test(path) && has(/^\s*class\s+Migration\b/)) {
      const source = textOf() ?? '';
      const irreversible = [
        ...callsOf(source, /\bRunPython\s*\(/).filter(
          (args) => !hasSecondArgument(args) && !/reverse_code\s*=/.test(args),
        ),
        ...callsOf(source, /\bRunSQL\s*\(/).filter(
          (args) => !hasSecondArgument(args) && !/reverse_sql\s*=/.test(args),
        ),
      ];
      return irreversible.length === 0
        ? { ok: true }
        : {
            ok: false,
            expected:
              '`reverse_code` for `RunPython` (or `reverse_sql` for `RunSQL`), `migrations.RunPython.noop` if nothing needs undoing',
          };
    }
    return null;
  }
  // Sequelize, Knex, TypeORM, umzug, node-pg-migrate, MikroORM
  if (script) {
    const up = /(?:\bexports\.up\b|\bup\s*[:=(]|\basync\s+up\s*\(|\bfunction\s+up\s*\(|\bup\s*\()/;
    if (!has(up)) return null;
    const down =
      /(?:\bexports\.down\b|\bdown\s*[:=(]|\basync\s+down\s*\(|\bfunction\s+down\s*\(|\bdown\s*\()/;
    return sectionHasBody(
      linesOf(),
      down,
      /(?:\bexports\.up\b|\basync\s+up\s*\(|\bup\s*:\s*(?:async|function|\())/,
    )
      ? { ok: true }
      : { ok: false, expected: 'a `down` that undoes `up`' };
  }
  return null;
}

const DOWN_MARKER =
  /(?:\bdown\s*[:=(]|\bexports\.down\b|\bdef\s+down(?:grade)?\b|\bfunction\s+down\s*\(|--\s*migrate:down|--\s*\+goose\s+down)/i;
const EXPLANATION = /^\s*(?:\/\/|\/\*|\*|#|--)\s*\S+\s+\S+\s+\S+/;

/** A down section whose only content is a comment saying why it cannot undo: a decision. */
function explainedIrreversible(text: string | null): boolean {
  const lines = text?.split(/\r?\n/).map((line) => line.slice(0, MAX_LINE)) ?? [];
  return lines.some(
    (line, index) =>
      DOWN_MARKER.test(line) &&
      lines.slice(index + 1, index + 4).some((next) => EXPLANATION.test(next)),
  );
}

function changedPath(context: CheckContext, path: string): FileChange | undefined {
  return context.changes.find((change) => change.path === path && change.status !== 'deleted');
}

function hollow(change: FileChange): boolean {
  const text = recoverNewContent(change);
  return text !== null && text.split(/\r?\n/).every((line) => HOLLOW.test(line.slice(0, MAX_LINE)));
}

export default createCheck<MigrationRollbackOptions>({
  meta: {
    kind: 'migration-rollback',
    description:
      'A new migration without a rollback, in the convention of its tool: golang-migrate/sqlx `.down.sql`, Flyway `U<ver>__`, dbmate/goose down sections, Liquibase `rollback`, Sequelize/Knex/TypeORM `down`, Rails `def down`/`def change`, Laravel `down()`, Django reverse code, Alembic `downgrade`, Ecto. Prisma is forward-only by design. A repository whose existing migrations have no rollbacks gets a warning; `migrations: forward-only` in the config turns the check off.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        kind: { const: 'migration-rollback' },
        skip: { type: 'array', items: { type: 'string', minLength: 1 } },
      },
    },
  },
  create(options) {
    const skip = options.skip ?? [];
    return {
      // A SQL migration's rollback is another `.sql` file, possibly later in the diff.
      readsOtherChanges: (change) => /\.sql$/i.test(change.path),
      run(change, context) {
        if (context.migrations === 'forward-only') return [];
        if (change.status !== 'added' && change.status !== 'renamed') return [];
        if (skip.some((prefix) => change.path.startsWith(prefix))) return [];
        let text: string | null | undefined;
        const read = () => (text === undefined ? (text = recoverNewContent(change)) : text);
        // An added file's text is its added lines joined: a word (no newline in it) is in one.
        const holds = (word: string): boolean | null =>
          text !== undefined || change.content !== null || change.status !== 'added'
            ? (read()?.includes(word) ?? null)
            : change.lines.some((line) => line.kind === 'add' && line.text.includes(word));
        const verdict = judge(change.path, read, holds);
        if (verdict === null || verdict.ok) return [];
        if (!verdict.siblings && explainedIrreversible(read()))
          return [
            {
              path: change.path,
              line: 1,
              severity: 'warning',
              message: `Unexpected migration \`${change.path}\` declared irreversible (its rollback is only a comment), expected ${verdict.expected} if it can be undone`,
              excerpt: null,
            },
          ];
        const found: RawFinding = {
          path: change.path,
          line: 1,
          message: `Unexpected migration \`${change.path}\` without a rollback, expected ${verdict.expected}`,
          excerpt: null,
        };
        const siblings = verdict.siblings;
        if (!siblings) return [found];
        // The companion, added in this change or already in the tree.
        const companions = [
          ...(context.headPaths ?? []),
          ...context.changes.filter((c) => c.status !== 'deleted').map((c) => c.path),
        ];
        const expectedPaths = verdict.expected.match(/`[^`]+`/g)?.map((p) => p.slice(1, -1)) ?? [];
        for (const path of expectedPaths) {
          const added = changedPath(context, path);
          if (added) {
            if (!hollow(added)) return [];
            return [
              {
                ...found,
                message: `Unexpected empty rollback \`${path}\` for \`${change.path}\`, expected statements that undo it`,
              },
            ];
          }
          if (context.headPaths?.has(path)) return [];
        }
        // Forward-only by convention: migrations already in this folder have no rollbacks.
        const added = new Set(
          context.changes.filter((c) => c.status === 'added').map((c) => c.path),
        );
        const existing = [...(context.headPaths ?? [])].filter(
          (path) => path.startsWith(siblings.dir) && !added.has(path) && /\.sql$/i.test(path),
        );
        if (
          existing.length > 0 &&
          !companions.some((path) => path.startsWith(siblings.dir) && siblings.companion.test(path))
        )
          return [
            {
              ...found,
              severity: 'warning',
              message: `${found.message}; the migrations already in \`${siblings.dir || '.'}\` have none (forward-only), so this is a warning: set \`migrations: forward-only\` in the config to say so`,
            },
          ];
        return [found];
      },
    };
  },
});
