import { RE2JS } from 're2js';
import { compileTrustedRegex, type TrustedRegex } from '../core/rules/compile-trusted-regex.js';
import { compileUserRegex, type UserRegex } from '../core/rules/compile-user-regex.js';
import { findKeywordLines } from '../core/rules/find-keyword-lines.js';
import type { DiffLine } from '../core/diff/diff-types.js';
import { MAX_LINE } from '../core/rules/find-secrets.js';
import { maskSecret } from '../core/rules/mask-secret.js';
import type { RawFinding } from '../core/rules/rule-types.js';
import { createCheck } from './create-check.js';

export interface AddedLinePatternOptions {
  pattern: string;
  scope?: 'added' | 'removed' | 'diff_context' | 'file';
  keywords?: string[];
  ignoreCase?: boolean;
  message?: string;
  /** The match may be a credential: never show it in full. */
  secret?: boolean;
}

function excerptOf(text: string, match: string, secret: boolean): string {
  const shown = text.trim();
  if (!secret) return shown.length > 160 ? `${shown.slice(0, 157)}…` : shown;
  return maskSecret(match);
}

export default createCheck<AddedLinePatternOptions>({
  meta: {
    kind: 'added-line-pattern',
    description:
      'A regular expression (RE2 syntax) over the lines a change adds, removes, touches, or the whole changed file.',
    schema: {
      type: 'object',
      required: ['pattern'],
      additionalProperties: false,
      properties: {
        kind: { const: 'added-line-pattern' },
        pattern: { type: 'string', minLength: 1 },
        scope: { enum: ['added', 'removed', 'diff_context', 'file'] },
        keywords: { type: 'array', items: { type: 'string', minLength: 1 } },
        ignoreCase: { type: 'boolean' },
        message: { type: 'string' },
        secret: { type: 'boolean' },
      },
    },
  },
  create(options, rule) {
    // A built-in rule's pattern runs on V8 when proven linear (recheck, and the engines agree on
    // it: test/perf); every other pattern runs on RE2, compiled once, here, where a config's
    // error is reported.
    const trusted = rule?.trusted
      ? compileTrustedRegex(options.pattern, options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0)
      : null;
    let regex: TrustedRegex | UserRegex;
    if (trusted?.engine === 'v8') regex = trusted;
    else {
      const compiled = compileUserRegex(options.pattern, {
        ignoreCase: options.ignoreCase ?? false,
      });
      if (compiled.error !== undefined) return { error: compiled.error };
      regex = compiled.regex;
    }
    const firstMatch = (text: string): string | null => {
      // `test()` first: most lines that pass the keywords do not match, and a test asks for no
      // capture groups (RE2's fast path).
      if (!regex.test(text)) return null;
      if ('exec' in regex) return regex.exec(text)?.match ?? null;
      const matcher = regex.matcher(text);
      return matcher.find() ? matcher.group(0) : null;
    };
    const scope = options.scope ?? 'added';
    const keywords = (options.keywords ?? []).map((keyword) => keyword.toLowerCase());
    const keywordLines = keywords.length > 0 ? findKeywordLines(keywords) : null;
    const secret = options.secret ?? false;
    const check = (
      raw: string,
      line: number,
      path: string,
      into: RawFinding[],
      filtered = false,
    ) => {
      // Bounded work per line whatever the diff holds (minified bundles, data dumps).
      const text = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
      // The keyword pre-filter keeps large diffs fast: most lines never reach the regex.
      if (keywords.length > 0 && !filtered) {
        const lower = text.toLowerCase();
        if (!keywords.some((keyword) => lower.includes(keyword))) return;
      }
      const match = firstMatch(text);
      if (match === null) return;
      into.push({
        path,
        line,
        message: options.message ?? `Unexpected match of \`${options.pattern}\``,
        excerpt: excerptOf(text, match, secret),
      });
    };
    return {
      run(change) {
        const found: RawFinding[] = [];
        if (scope === 'file') {
          const lines =
            change.content?.split(/\r?\n/) ??
            change.lines.filter((l) => l.kind !== 'del').map((l) => l.text);
          const numbers =
            change.content === null
              ? change.lines.filter((l) => l.kind !== 'del').map((l) => l.newLine ?? 0)
              : null;
          lines.forEach((text, index) =>
            check(text, numbers ? (numbers[index] ?? 0) : index + 1, change.path, found),
          );
          return found;
        }
        const wanted = (line: DiffLine) =>
          scope === 'added'
            ? line.kind === 'add'
            : scope === 'removed'
              ? line.kind === 'del'
              : line.kind !== 'del';
        // The lines holding a keyword, found in one scan of the whole change.
        const hits = keywordLines?.(change) ?? null;
        change.lines.forEach((line, index) => {
          if (!wanted(line) || (hits !== null && hits[index] === 0)) return;
          check(
            line.text,
            (line.kind === 'del' ? line.oldLine : line.newLine) ?? 0,
            change.path,
            found,
            hits !== null,
          );
        });
        return found;
      },
    };
  },
});
