import type { FileChange } from './diff-types.js';

/**
 * A changed file's text at head: its content when the source read it, else (for an added
 * file) its added lines; null when neither says the whole file.
 */
export function recoverNewContent(change: FileChange): string | null {
  if (change.content !== null) return change.content;
  if (change.status === 'added')
    return change.lines
      .filter((line) => line.kind === 'add')
      .map((line) => line.text)
      .join('\n');
  return null;
}
