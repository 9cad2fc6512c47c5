import picomatch from 'picomatch';

/** The picomatch options the gate uses; path-rewriting ones (`windows`, `basename`) are not. */
export interface GlobOptions {
  dot?: boolean;
  nocase?: boolean;
  flags?: string;
  /** Globs of paths that never match, whatever else does. */
  ignore?: readonly string[];
}

/**
 * One test for a list of globs, with picomatch's meaning (a path matches a glob it equals, or the
 * glob's regex; the empty path matches nothing): the globs' regexes joined into one anchored
 * alternation, tested once, instead of picomatch's matcher per glob, which formats and compares
 * the path again for each. The gate tests thousands of paths against dozens of globs.
 */
export function compileGlobs(
  patterns: readonly string[],
  options: GlobOptions = {},
): (path: string) => boolean {
  const { ignore, ...rest } = options;
  const skip = ignore && ignore.length > 0 ? compileGlobs(ignore, rest) : null;
  if (patterns.length === 0) return () => false;
  const literal = new Set(patterns);
  const sources = patterns.map((pattern) => picomatch.makeRe(pattern, rest).source);
  const flags = picomatch.makeRe(patterns[0] as string, rest).flags;
  const combined = new RegExp(sources.map((source) => `(?:${source})`).join('|'), flags);
  return (path) =>
    path !== '' && (literal.has(path) || combined.test(path)) && !(skip !== null && skip(path));
}
