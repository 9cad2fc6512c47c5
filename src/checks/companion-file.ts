import { compileUserRegex, type UserRegex } from '../core/rules/compile-user-regex.js';
import { recoverNewContent } from '../core/diff/recover-new-content.js';
import type { FileChange } from '../core/diff/diff-types.js';
import type { CheckContext } from '../core/rules/rule-types.js';
import { createCheck } from './create-check.js';

export interface CompanionPair {
  /** RE2 regex over the changed file's path; its groups feed `{1}`, `{2}`, ... */
  match: string;
  /** Paths of which one must exist: `{dir}`, `{name}`, `{stem}` and `{1}`.. fill in. */
  requires: string[];
}

export interface CompanionFileOptions {
  pairs: CompanionPair[];
  /** RE2 regexes of in-file markers that count as the companion (`-- migrate:down`). */
  markers?: string[];
}

// Lines that do not make a rollback: blanks, comments, `pass`, lone braces, docstrings.
const HOLLOW = /^\s*(?:$|--|#|\/\/|\/\*|\*|pass\b|[{}();\s]+$|"""|'''|return;?\s*$|\}\)?;?$)/;

function fill(template: string, path: string, groups: (string | undefined)[]): string {
  const slash = path.lastIndexOf('/');
  const dir = slash === -1 ? '' : path.slice(0, slash);
  const name = path.slice(slash + 1);
  const stem = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : name;
  const filled = template
    .replace(/\{dir\}/g, dir)
    .replace(/\{name\}/g, name)
    .replace(/\{stem\}/g, stem)
    .replace(/\{(\d)\}/g, (_, n: string) => groups[Number(n) - 1] ?? '');
  return filled.replace(/^\/+/, '').replace(/\/{2,}/g, '/');
}

/** A marker with only hollow lines after it (up to the next migration section) is an empty rollback. */
function markerHasBody(content: string, markers: UserRegex[]): boolean {
  const lines = content.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    if (!markers.some((marker) => marker.test(lines[index] as string))) continue;
    // A one-line body (`exports.down = () => knex.schema.dropTable('x')`) counts too.
    const rest = (lines[index] as string).replace(/^.*?(=>|\{)\s*/, '');
    if (rest !== lines[index] && !HOLLOW.test(rest) && rest.trim() !== '') return true;
    for (const line of lines.slice(index + 1)) {
      if (
        /^\s*(?:--\s*migrate:up|--\s*\+goose\s+Up|exports\.up|def\s+upgrade|def\s+\w+\s*\()/.test(
          line,
        )
      )
        break;
      if (!HOLLOW.test(line)) return true;
    }
  }
  return false;
}

/** Whether a changed file's text at head holds nothing that undoes anything (or nothing at all). */
function isHollow(change: FileChange): boolean {
  if (change.content === null && change.status === 'added')
    return change.lines.every((line) => line.kind !== 'add' || HOLLOW.test(line.text));
  const content = recoverNewContent(change);
  return content !== null && content.split(/\r?\n/).every((line) => HOLLOW.test(line));
}

function exists(
  path: string,
  changed: ReadonlyMap<string, boolean>,
  context: CheckContext,
): { present: boolean; empty: boolean } {
  const hollow = changed.get(path);
  if (hollow !== undefined) return { present: true, empty: hollow };
  return { present: context.headPaths?.has(path) ?? false, empty: false };
}

export default createCheck<CompanionFileOptions>({
  meta: {
    kind: 'companion-file',
    description:
      'A changed file matching a pattern requires a companion (a rollback for a migration), as a sibling file or an in-file marker with a body.',
    schema: {
      type: 'object',
      required: ['pairs'],
      additionalProperties: false,
      properties: {
        kind: { const: 'companion-file' },
        pairs: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['match', 'requires'],
            additionalProperties: false,
            properties: {
              match: { type: 'string', minLength: 1 },
              requires: { type: 'array', items: { type: 'string', minLength: 1 } },
            },
          },
        },
        markers: { type: 'array', items: { type: 'string', minLength: 1 } },
      },
    },
  },
  create(options) {
    const pairs: Array<{ regex: UserRegex; requires: string[] }> = [];
    for (const pair of options.pairs) {
      const compiled = compileUserRegex(pair.match);
      if (compiled.error !== undefined) return { error: compiled.error };
      pairs.push({ regex: compiled.regex, requires: pair.requires });
    }
    const markers: UserRegex[] = [];
    for (const marker of options.markers ?? []) {
      const compiled = compileUserRegex(marker, { ignoreCase: true });
      if (compiled.error !== undefined) return { error: compiled.error };
      markers.push(compiled.regex);
    }
    // Any changed path can be a companion: what the check needs of each (present, and whether
    // it is hollow) is noted as it arrives, so only the files it judges are kept.
    const changed = new Map<string, boolean>();
    return {
      readsOtherChanges(change) {
        if (change.status !== 'deleted') changed.set(change.path, isHollow(change));
        else changed.delete(change.path);
        return pairs.some((pair) => pair.regex.exec(change.path) !== null);
      },
      run(change, context) {
        if (change.status !== 'added' && change.status !== 'renamed') return [];
        for (const pair of pairs) {
          const match = pair.regex.exec(change.path);
          if (!match) continue;
          const content = recoverNewContent(change);
          if (content !== null && markers.length > 0 && markerHasBody(content, markers)) return [];
          const candidates = pair.requires.map((template) =>
            fill(template, change.path, match.groups),
          );
          const found = candidates.map((path) => ({ path, ...exists(path, changed, context) }));
          if (found.some((candidate) => candidate.present && !candidate.empty)) return [];
          const empty = found.find((candidate) => candidate.present && candidate.empty);
          const expected =
            candidates.length > 0
              ? candidates.map((path) => `\`${path}\``).join(' or ')
              : 'a rollback section';
          const message = empty
            ? `Unexpected empty rollback \`${empty.path}\` for \`${change.path}\`, expected statements that undo it`
            : `Unexpected \`${change.path}\` without a rollback, expected ${expected}${markers.length > 0 && candidates.length > 0 ? ' or a rollback section in the file' : ''}`;
          return [{ path: change.path, line: 1, message, excerpt: null }];
        }
        return [];
      },
    };
  },
});
