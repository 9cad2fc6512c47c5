import type { ValidationError } from '../rules/rule-types.js';
import { locate, type YamlSource } from './validate-yaml.js';

/**
 * Limits on a glob from config. picomatch compiles globs to backtracking regexes: `*a*a*a*a*b`
 * takes seconds on a 40-character name, `{a,a}{a,a}...` doubles with each group, and extglobs
 * nest quantifiers. Within these limits the worst match stays polynomial and small.
 */
export const GLOB_LIMITS = {
  length: 256,
  /** `*` and `?` wildcards in one path segment (`**` excluded). */
  wildcardsPerSegment: 3,
  /** `**` segments in one glob. */
  globstars: 4,
  /** Brace groups in one glob (not nested, no `..` ranges). */
  braceGroups: 3,
  /** Alternatives over all brace groups, multiplied. */
  braceAlternatives: 64,
} as const;

/** Why a glob is refused, as "Unexpected X, expected Y", or null when it is fine. */
export function findGlobProblem(glob: string): string | null {
  const shown = glob.length > 60 ? `${glob.slice(0, 57)}…` : glob;
  if (glob.length > GLOB_LIMITS.length)
    return `Unexpected glob of ${glob.length} characters, expected at most ${GLOB_LIMITS.length}`;
  if (/[@!?+*]\(/.test(glob))
    return `Unexpected extglob in \`${shown}\`, expected plain globs (\`*\`, \`**\`, \`?\`, \`{a,b}\`)`;
  let depth = 0;
  let groups = 0;
  let alternatives = 1;
  let commas = 0;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '\\') {
      i++;
      continue;
    }
    if (char === '{') {
      depth++;
      groups++;
      commas = 0;
      if (depth > 1) return `Unexpected nested braces in \`${shown}\`, expected at most one level`;
    } else if (char === '}' && depth > 0) {
      depth--;
      alternatives *= commas + 1;
    } else if (char === ',' && depth > 0) commas++;
  }
  if (glob.includes('..') && /\{[^}]*\.\.[^}]*\}/.test(glob))
    return `Unexpected brace range in \`${shown}\`, expected a list such as \`{a,b}\``;
  if (groups > GLOB_LIMITS.braceGroups || alternatives > GLOB_LIMITS.braceAlternatives)
    return `Unexpected ${groups} brace groups with ${alternatives} combinations in \`${shown}\`, expected at most ${GLOB_LIMITS.braceGroups} groups and ${GLOB_LIMITS.braceAlternatives} combinations`;
  const segments = glob.split('/');
  const globstars = segments.filter((segment) => segment === '**').length;
  if (globstars > GLOB_LIMITS.globstars)
    return `Unexpected ${globstars} \`**\` in \`${shown}\`, expected at most ${GLOB_LIMITS.globstars}`;
  for (const segment of segments) {
    if (segment === '**') continue;
    const wildcards = segment.replace(/\*+/g, '*').replace(/[^*?]/g, '').length;
    if (wildcards > GLOB_LIMITS.wildcardsPerSegment)
      return `Unexpected ${wildcards} wildcards in one path segment of \`${shown}\`, expected at most ${GLOB_LIMITS.wildcardsPerSegment}`;
  }
  return null;
}

/**
 * Every glob of a config (`checklists`, `ignore`, `gate.branches`, the `paths` of added rules)
 * checked with `findGlobProblem`, each problem at its file:line:column.
 */
export function validateConfigGlobs(source: YamlSource, value: unknown): ValidationError[] {
  const errors: ValidationError[] = [];
  const check = (glob: unknown, at: (string | number)[], key?: string) => {
    if (typeof glob !== 'string') return;
    const problem = findGlobProblem(glob);
    if (!problem) return;
    const { line, column } = locate(source, at, key);
    errors.push({ path: source.path, line, column, message: problem });
  };
  const raw = (value ?? {}) as {
    checklists?: unknown[];
    ignore?: unknown[];
    gate?: { branches?: Record<string, unknown> };
    rules?: { add?: Array<{ paths?: { include?: unknown[]; exclude?: unknown[] } }> };
  };
  raw.checklists?.forEach((glob, index) => check(glob, ['checklists', index]));
  raw.ignore?.forEach((glob, index) => check(glob, ['ignore', index]));
  for (const glob of Object.keys(raw.gate?.branches ?? {})) check(glob, ['gate', 'branches'], glob);
  raw.rules?.add?.forEach((rule, index) => {
    for (const side of ['include', 'exclude'] as const)
      rule?.paths?.[side]?.forEach((glob, at) =>
        check(glob, ['rules', 'add', index, 'paths', side, at]),
      );
  });
  return errors;
}
