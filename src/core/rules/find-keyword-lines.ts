import type { FileChange } from '../diff/diff-types.js';
// The longest line any check reads: a keyword past it never counts.
import { MAX_LINE } from './find-secrets.js';

// Each change's lines, cut and lowercased once, joined by newlines: shared by every rule.
const lowered = new WeakMap<FileChange, string>();

function loweredText(change: FileChange): string {
  let text = lowered.get(change);
  if (text === undefined) {
    text = change.lines
      .map((line) => (line.text.length > MAX_LINE ? line.text.slice(0, MAX_LINE) : line.text))
      .join('\n')
      .toLowerCase();
    lowered.set(change, text);
  }
  return text;
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
    const text = loweredText(change);
    let line = 0;
    let lineStart = 0;
    combined.lastIndex = 0;
    for (let match = combined.exec(text); match; match = combined.exec(text)) {
      // Walk to the line holding the hit; newlines never occur inside a keyword.
      for (let next = text.indexOf('\n', lineStart); next !== -1 && next < match.index;) {
        line++;
        lineStart = next + 1;
        next = text.indexOf('\n', lineStart);
      }
      flags[line] = 1;
      // One hit per line is enough: go on at the next line.
      const end = text.indexOf('\n', match.index);
      if (end === -1) break;
      line++;
      lineStart = end + 1;
      combined.lastIndex = lineStart;
    }
    return flags;
  };
}
