import type { DiffLine, FileChange } from '../../src/core/diff/diff-types.js';

/**
 * A file change from diff-style lines: `+added`, `-removed`, ` context`. Line numbers are
 * counted from `start` on both sides, as in one hunk.
 */
export function makeChange(
  path: string,
  lines: string[],
  options: Partial<Pick<FileChange, 'status' | 'oldPath' | 'binary' | 'content'>> & {
    start?: number;
  } = {},
): FileChange {
  let oldLine = options.start ?? 1;
  let newLine = options.start ?? 1;
  const parsed: DiffLine[] = lines.map((raw) => {
    const text = raw.slice(1);
    if (raw.startsWith('+')) return { kind: 'add', text, oldLine: null, newLine: newLine++ };
    if (raw.startsWith('-')) return { kind: 'del', text, oldLine: oldLine++, newLine: null };
    return { kind: 'ctx', text, oldLine: oldLine++, newLine: newLine++ };
  });
  return {
    path,
    oldPath: options.oldPath ?? null,
    status: options.status ?? 'modified',
    binary: options.binary ?? false,
    lines: parsed,
    content: options.content ?? null,
  };
}
