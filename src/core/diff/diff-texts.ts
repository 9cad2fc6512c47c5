import { structuredPatch } from 'diff';
import type { DiffLine } from './diff-types.js';

/** The diff lines between two versions of a file (for files whose patch GitHub omits). */
export function diffTexts(before: string, after: string): DiffLine[] {
  const patch = structuredPatch('a', 'b', before, after, '', '', { context: 3 });
  const lines: DiffLine[] = [];
  for (const hunk of patch.hunks) {
    let oldLine = hunk.oldStart;
    let newLine = hunk.newStart;
    for (const raw of hunk.lines) {
      const text = raw.slice(1).replace(/\r$/, '');
      if (raw.startsWith('+')) lines.push({ kind: 'add', text, oldLine: null, newLine: newLine++ });
      else if (raw.startsWith('-'))
        lines.push({ kind: 'del', text, oldLine: oldLine++, newLine: null });
      else if (raw.startsWith(' '))
        lines.push({ kind: 'ctx', text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return lines;
}
