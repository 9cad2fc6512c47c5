import { RE2JS } from 're2js';
import { LINEAR_PATTERNS, linearPatternKey } from './linear-patterns.js';
import { translateRe2ToV8 } from './translate-re2-to-v8.js';

/** The part of RE2JS's matcher API the built-in checks use. */
export interface TrustedMatcher {
  /** The next match at or after `from` (0 by default); false when there is none. */
  find(from?: number): boolean;
  group(index: number): string | null;
  /** UTF-16 offsets, -1 for a group that did not take part. */
  start(index: number): number;
  end(index: number): number;
  groupCount(): number;
}

export interface TrustedRegex {
  source: string;
  /** Which engine runs it: V8 for a proven-linear built-in pattern, RE2 otherwise. */
  engine: 'v8' | 're2';
  test(input: string): boolean;
  matcher(input: string): TrustedMatcher;
}

/**
 * Every pattern compiled through here (by key: a server compiles the same ones on every run),
 * so that the ReDoS test and the engine-equivalence test see the patterns that live in code
 * as well as those in rules/*.yml.
 */
export const TRUSTED_SOURCES = new Map<string, { source: string; ignoreCase: boolean }>();

/**
 * The value on first use, then the same value: a module that declares dozens of patterns at
 * import (find-secrets) costs a CLI run only the ones a line actually reaches.
 */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

function onV8(source: string, v8: string): TrustedRegex {
  const tester = once(() => new RegExp(v8, 'u'));
  // `y` (sticky) is not wanted: `find(from)` searches from `from` on, like RE2's.
  const finder = once(() => new RegExp(v8, 'dgu'));
  const groups = once(() => new RegExp(`${v8}|`, 'u').exec('')!.length - 1);
  return {
    source,
    engine: 'v8',
    test: (input) => tester().test(input),
    matcher(input) {
      let match: RegExpExecArray | null = null;
      // Where a `find()` without an argument goes on: after the last match (one further
      // after an empty one), as RE2's matcher does.
      let next = 0;
      return {
        find(from = next) {
          if (from > input.length) return false;
          const regex = finder();
          regex.lastIndex = from;
          match = regex.exec(input);
          if (!match) return false;
          const end = match.indices![0]![1];
          next = end === match.index ? end + 1 : end;
          return true;
        },
        group: (index) => match?.[index] ?? null,
        start: (index) => match?.indices?.[index]?.[0] ?? -1,
        end: (index) => match?.indices?.[index]?.[1] ?? -1,
        groupCount: groups,
      };
    },
  };
}

function onRe2(source: string, flags: number): TrustedRegex {
  const compiled = once(() => RE2JS.compile(source, flags));
  return {
    source,
    engine: 're2',
    test: (input) => compiled().test(input),
    matcher(input) {
      const matcher = compiled().matcher(input);
      let found = false;
      return {
        find(from?: number) {
          found = from === undefined ? matcher.find() : matcher.find(from);
          return found;
        },
        group: (index) => (found ? matcher.group(index) : null),
        start: (index) => (found ? matcher.start(index) : -1),
        end: (index) => (found ? matcher.end(index) : -1),
        groupCount: () => matcher.groupCount(),
      };
    },
  };
}

/**
 * Compiles one of our own patterns (RE2 syntax): on V8's JIT when recheck proved it linear
 * (it is listed in LINEAR_PATTERNS) and it translates exactly, else on RE2. Patterns from a
 * user's config never come here: they go through compileUserRegex and always run on RE2.
 * A leading `(?i)` is read as ignoreCase, like RE2JS.CASE_INSENSITIVE in `flags`.
 */
export function compileTrustedRegex(source: string, flags = 0): TrustedRegex {
  const inline = source.startsWith('(?i)');
  const body = inline ? source.slice(4) : source;
  const ignoreCase = inline || (flags & RE2JS.CASE_INSENSITIVE) !== 0;
  const key = linearPatternKey(body, ignoreCase);
  TRUSTED_SOURCES.set(key, { source: body, ignoreCase });
  const v8 = LINEAR_PATTERNS.has(key) ? translateRe2ToV8(body, ignoreCase) : null;
  return v8 === null ? onRe2(source, flags) : onV8(source, v8);
}
