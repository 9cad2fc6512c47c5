import picomatch from 'picomatch';

/** The picomatch options the gate uses; path-rewriting ones (`windows`, `basename`) are not. */
export interface GlobOptions {
  dot?: boolean;
  nocase?: boolean;
  flags?: string;
  /** Globs of paths that never match, whatever else does (`compileGlobs` only). */
  ignore?: readonly string[];
}

// `s`: a `*` must match a file name holding a newline or a carriage return too, or such a
// file would escape every rule.
const RULE_OPTIONS: GlobOptions = { dot: true, flags: 's' };

// A glob of plain characters, `*` and `/` only: every run of plain characters in it is matched
// by the same characters of the path (a `/` around `**` may match nothing, so runs are split
// at slashes too).
const PLAIN = /^[A-Za-z0-9._*/-]+$/;

/**
 * A path glob, as picomatch matches it, with a cheap test first: a path that lacks one of the
 * glob's literal runs cannot match, and most paths lack one of most globs (`dist`, `.min.js`,
 * `_test.go`), so the compiled regex rarely runs. Rules' globs by default.
 */
export function compileGlob(
  pattern: string,
  options: GlobOptions = RULE_OPTIONS,
): (path: string) => boolean {
  const { ignore: _ignore, ...rest } = options;
  const test = picomatch(pattern, rest);
  // Case-blind globs would need the path lowercased for every test: picomatch alone.
  if (rest.nocase || !PLAIN.test(pattern)) return test;
  const runs = pattern.split(/[*/]+/).filter((run) => run !== '');
  // picomatch drops `./` and reads `.`/`..` segments its own way: no literal to require there.
  if (runs.some((run) => /^\.+$/.test(run))) return test;
  if (runs.length === 1) {
    const run = runs[0] as string;
    return (path) => path.includes(run) && test(path);
  }
  return (path) => runs.every((run) => path.includes(run)) && test(path);
}

/**
 * Whether a path matches any of `patterns` and none of `options.ignore`, as picomatch's matcher
 * for the list says, one `compileGlob` per glob: the gate tests thousands of paths against
 * lists of up to 90 globs (the evidence scan's path filter, the checklist selection).
 */
export function compileGlobs(
  patterns: readonly string[],
  options: GlobOptions = RULE_OPTIONS,
): (path: string) => boolean {
  const { ignore, ...rest } = options;
  const tests = patterns.map((pattern) => compileGlob(pattern, rest));
  const skip = ignore && ignore.length > 0 ? compileGlobs(ignore, rest) : null;
  return (path) => tests.some((test) => test(path)) && !(skip !== null && skip(path));
}
