import picomatch from 'picomatch';

// `s`: a `*` must match a file name holding a newline or a carriage return too, or such a
// file would escape every rule.
const OPTIONS = { dot: true, flags: 's' };

// A glob of plain characters, `*` and `/` only: every run of plain characters in it is matched
// by the same characters of the path (a `/` around `**` may match nothing, so runs are split
// at slashes too).
const PLAIN = /^[A-Za-z0-9._*/-]+$/;

/**
 * A rule's path glob, as picomatch matches it, with a cheap test first: a path that lacks one
 * of the glob's literal runs cannot match, and most paths lack one of most globs (`dist`,
 * `.min.js`, `_test.go`), so the compiled regex rarely runs.
 */
export function compileGlob(pattern: string): (path: string) => boolean {
  const test = picomatch(pattern, OPTIONS);
  if (!PLAIN.test(pattern)) return test;
  const runs = pattern.split(/[*/]+/).filter((run) => run !== '');
  // picomatch drops `./` and reads `.`/`..` segments its own way: no literal to require there.
  if (runs.some((run) => /^\.+$/.test(run))) return test;
  if (runs.length === 1) {
    const run = runs[0] as string;
    return (path) => path.includes(run) && test(path);
  }
  return (path) => runs.every((run) => path.includes(run)) && test(path);
}
