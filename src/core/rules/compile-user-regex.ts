import { RE2JS } from 're2js';

export interface UserRegex {
  source: string;
  test(input: string): boolean;
  /** The first match, with its offset and capture groups, or null. */
  exec(input: string): { index: number; match: string; groups: (string | undefined)[] } | null;
}

export type CompileResult =
  { regex: UserRegex; error?: undefined } | { regex?: undefined; error: string };

/**
 * Compiles a regex written by a user on RE2 semantics, so that matching is linear in the input
 * whatever the pattern (no catastrophic backtracking). Unsupported constructs (look-around,
 * back-references) are reported, not thrown.
 */
export function compileUserRegex(
  source: string,
  options: { ignoreCase?: boolean } = {},
): CompileResult {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source, options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    const reason =
      error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    return {
      error: `Unexpected regular expression \`${source}\`: ${reason}, expected RE2 syntax (no look-around or back-references)`,
    };
  }
  return {
    regex: {
      source,
      test: (input) => compiled.test(input),
      exec: (input) => {
        const match = compiled.exec(input) as (RegExpExecArray & { index: number }) | null;
        if (!match) return null;
        return { index: match.index, match: match[0], groups: match.slice(1) };
      },
    },
  };
}
