import type { FileChange } from '../diff/diff-types.js';
// The longest line any check reads: a keyword past it never counts.
import { MAX_LINE } from './find-secrets.js';

interface Lowered {
  /** The change's lines, cut and lowercased, joined by newlines. */
  text: string;
  /** Where each line starts in `text`; one more entry, past the end, closes the last line. */
  starts: Int32Array;
}

// Computed once per change and shared by every rule.
const lowered = new WeakMap<FileChange, Lowered>();

function loweredOf(change: FileChange): Lowered {
  let found = lowered.get(change);
  if (found === undefined) {
    const text = change.lines
      .map((line) => (line.text.length > MAX_LINE ? line.text.slice(0, MAX_LINE) : line.text))
      .join('\n')
      .toLowerCase();
    // Found in the lowercased text: lowercasing may change a line's length, never its newlines.
    const starts = new Int32Array(change.lines.length + 1);
    let line = 0;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1))
      starts[++line] = at + 1;
    starts[change.lines.length] = text.length + 1;
    found = { text, starts };
    lowered.set(change, found);
  }
  return found;
}

const escape = (keyword: string) => keyword.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * A multi-keyword pre-filter over a whole file's hunks, as gitleaks does: one combined V8
 * regex of literal keywords (linear: an alternation of literals, no quantifier) scans the
 * change's lowercased text once, and only the lines it hits reach a rule's patterns.
 *
 * Returns, for a list of keywords, a function that gives one flag per `change.lines` entry:
 * 1 when the line (cut to MAX_LINE characters, lowercased) holds one of the keywords (matched
 * lowercased), as `line.toLowerCase().includes(keyword)` would say.
 */
export function findKeywordLines(keywords: readonly string[]): (change: FileChange) => Uint8Array {
  const lower = [...new Set(keywords.map((keyword) => keyword.toLowerCase()))];
  // Longest first: alternation is ordered, and any hit will do, but the long ones are rarer.
  lower.sort((a, b) => b.length - a.length);
  const combined = new RegExp(lower.map(escape).join('|'), 'g');
  return (change) => {
    const flags = new Uint8Array(change.lines.length);
    if (lower.length === 0) return flags;
    const { text, starts } = loweredOf(change);
    let line = 0;
    combined.lastIndex = 0;
    for (let match = combined.exec(text); match; match = combined.exec(text)) {
      // Walk to the line holding the hit; newlines never occur inside a keyword.
      while ((starts[line + 1] as number) <= match.index) line++;
      flags[line] = 1;
      // One hit per line is enough: go on at the next line.
      line++;
      if (line >= change.lines.length) break;
      combined.lastIndex = starts[line] as number;
    }
    return flags;
  };
}
