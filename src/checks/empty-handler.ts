import type { DiffLine, FileChange } from '../core/diff/diff-types.js';
import { findKeywordLines } from '../core/rules/find-keyword-lines.js';
import { MAX_LINE } from '../core/rules/find-secrets.js';
import type { RawFinding } from '../core/rules/rule-types.js';
import { createCheck } from './create-check.js';

export interface EmptyHandlerOptions {
  message?: string;
}

interface NewLine {
  text: string;
  line: number;
  added: boolean;
  /** A line was removed right before this one (a handler's body deleted). */
  afterDeletion: boolean;
}

// Every pattern is anchored or built from single character classes: linear on a capped line.
export const ONE_LINE: RegExp[] = [
  /\bcatch(?:\s*\([^()]*\))?\s*\{\s*\}/,
  /\.catch\(\s*(?:\(\s*[\w$]*\s*\)|[\w$]+)\s*=>\s*(?:\{\s*\}|null|undefined|void 0)\s*\)/,
  /\.catch\(\s*(?:async\s+)?function\s*\w*\s*\(\s*[\w$]*\s*\)\s*\{\s*\}\s*\)/,
  /^\s*except\b[^:#]*:\s*(?:pass|\.\.\.)\s*$/,
  /\bif\s+err\s*!=\s*nil\s*\{\s*\}/,
  /\brescue\b[^;#]*;\s*end\b/,
];
// Every ONE_LINE and OPENERS pattern holds one of these words (test/checks/empty-handler.test.ts
// checks it): a line without one opens no handler. Lowercased, as the pre-filter matches.
// (`nil`, not `err`, for Go: `err` is in every `error`.)
export const HANDLER_WORDS = ['catch', 'except', 'nil', 'rescue'];
const handlerLines = findKeywordLines(HANDLER_WORDS);
export type Family = 'brace' | 'python' | 'ruby';
export const OPENERS: Array<[RegExp, Family]> = [
  [/\bcatch(?:\s*\([^()]*(?:\([^()]*\)[^()]*)*\))?\s*\{\s*$/, 'brace'],
  [/\.catch\(\s*(?:async\s+)?(?:\(\s*[\w$]*\s*\)|[\w$]+)\s*=>\s*\{\s*$/, 'brace'],
  [/\.catch\(\s*(?:async\s+)?function\s*\w*\s*\(\s*[\w$]*\s*\)\s*\{\s*$/, 'brace'],
  [/\bif\s+err\s*!=\s*nil\s*\{\s*$/, 'brace'],
  [/^\s*except\b[^:#]*:\s*$/, 'python'],
  [/^\s*rescue\b[\w\s:,=>]*$/, 'ruby'],
];
/**
 * The word each ONE_LINE and OPENERS pattern needs, as written (the patterns are case-sensitive;
 * the pre-filter is not): a line that lacks it skips that pattern.
 */
export const ONE_LINE_WORDS = ['catch', 'catch', 'catch', 'except', 'nil', 'rescue'];
export const OPENER_WORDS = ['catch', 'catch', 'catch', 'nil', 'except', 'rescue'];
const WORD_BITS = new Map(HANDLER_WORDS.map((word, bit) => [word, 1 << bit]));
const ONE_LINE_BITS = ONE_LINE_WORDS.map((word) => WORD_BITS.get(word) as number);
const OPENER_BITS = OPENER_WORDS.map((word) => WORD_BITS.get(word) as number);
const COMMENT = /^\s*(?:\/\/|\/\*|\*|#|--)/;
// Best-effort teardown (`fs.rm(dir).catch(() => {})`, `conn.close().catch(...)`) may fail
// quietly by design, like Go's deferred Close: a notice, not a block.
const TEARDOWN =
  /\b(?:rm|rmdir|unlink|cleanup|close|end|destroy|disconnect|release|kill|dispose|abort|quit|terminate|unsubscribe|remove\w*|delete\w*)\s*\([^()]*\)\s*$/i;

function isTeardown(lines: NewSide, index: number): boolean {
  const text = lines.at(index).text;
  const at = text.indexOf('.catch(');
  if (at === -1) return false;
  const before = text.slice(0, at).trim();
  if (before !== '') return TEARDOWN.test(before);
  const above = index > 0 ? lines.at(index - 1) : undefined;
  return above !== undefined && TEARDOWN.test(above.text.trim());
}
const TRAILING_COMMENT = /(?:\/\/|\/\*|#)\s*\S/;

/**
 * The new side of a change (its lines but the removed ones), read line by line as the checks
 * ask: only the lines around a handler word are ever looked at, so none is copied up front.
 */
interface NewSide {
  length: number;
  /** The new-side line at `index` (0 ≤ index < length). */
  at(index: number): NewLine;
  /** Whether the line at `index` holds a handler word, in any case: only such a line can open a handler. */
  mayOpen(index: number): boolean;
}

function newSide(change: FileChange, hits: Uint8Array): NewSide {
  const lines = change.lines;
  // Where each new-side line sits among the change's lines.
  const from = new Int32Array(lines.length);
  let length = 0;
  for (let index = 0; index < lines.length; index++)
    if ((lines[index] as DiffLine).kind !== 'del') from[length++] = index;
  return {
    length,
    at(index) {
      const position = from[index] as number;
      const line = lines[position] as DiffLine;
      return {
        text: line.text.length > MAX_LINE ? line.text.slice(0, MAX_LINE) : line.text,
        line: line.newLine ?? 0,
        added: line.kind === 'add',
        afterDeletion: position > 0 && (lines[position - 1] as DiffLine).kind === 'del',
      };
    },
    mayOpen: (index) => hits[from[index] as number] === 1,
  };
}

function indentOf(text: string): number {
  return (/^\s*/.exec(text)?.[0] ?? '').replace(/\t/g, '    ').length;
}

/** Whether a comment sits within the few lines right above `index` (an explanation). */
function explainedAbove(lines: NewSide, index: number): boolean {
  for (let at = index - 1; at >= 0 && at >= index - 3; at--) {
    const line = lines.at(at);
    if (lines.at(at + 1).line - line.line !== 1) return false;
    if (COMMENT.test(line.text)) return true;
  }
  return false;
}

// Python and Ruby handlers that name a specific exception are the language's idiom for an
// expected case (`except KeyError: pass`); only a catch-all is swallowing errors.
// `catch (_)`, `catch (_err)`, `catch (ignored)`: a name that says the error is ignored on purpose.
const IGNORED_BINDING = /\bcatch\s*\(\s*(?:_\w*|ignored?)\s*(?:[:)]|\))/;
// Longer lines are minified or generated code, not something a person wrote in this change.
const MAX_WRITTEN_LINE = 1000;
const SPECIFIC = /^\s*(?:except|rescue)\s+(?!Exception\b|BaseException\b|StandardError\b|=>)[A-Z]/;

/**
 * Whether the handler opened at `index` is empty: the lines after it, consecutive in the new
 * file, close it with nothing but blanks in between. A comment inside means it is deliberate.
 */
function emptyBody(
  lines: NewSide,
  index: number,
  family: Family,
): { empty: boolean; touched: boolean } | null {
  const opener = lines.at(index);
  let touched = opener.added;
  for (let at = index + 1; at < lines.length; at++) {
    const line = lines.at(at);
    if (line.line - lines.at(at - 1).line !== 1) return null;
    touched ||= line.added || line.afterDeletion;
    const text = line.text.trim();
    if (text === '') continue;
    if (COMMENT.test(line.text)) return { empty: false, touched };
    if (family === 'brace') return { empty: text.startsWith('}'), touched };
    if (family === 'ruby') return { empty: /^(?:end|ensure|else|rescue)\b/.test(text), touched };
    // Python: `pass` or `...` alone, and the block ends there.
    if (!/^(?:pass|\.\.\.)$/.test(text)) return { empty: false, touched };
    const body = indentOf(line.text);
    for (let next = at + 1; next < lines.length; next++) {
      const after = lines.at(next);
      if (after.line - lines.at(next - 1).line !== 1) return null;
      if (after.text.trim() === '') continue;
      return { empty: indentOf(after.text) < body, touched };
    }
    return { empty: true, touched };
  }
  return null;
}

/**
 * Whether line `index` is an empty handler: on one added line, or an opener whose body the
 * change touched and left empty; a comment in it or right above it marks it deliberate. Asked
 * only of a line that `mayOpen`.
 */
function opensEmptyHandler(lines: NewSide, index: number, line: NewLine): boolean {
  // The words as written: the keyword scan let through every case of them.
  let words = 0;
  HANDLER_WORDS.forEach((word, bit) => {
    if (line.text.includes(word)) words |= 1 << bit;
  });
  if (words === 0) return false;
  if (
    line.added &&
    ONE_LINE.some(
      (pattern, at) => (words & (ONE_LINE_BITS[at] as number)) !== 0 && pattern.test(line.text),
    )
  )
    return (
      !explainedAbove(lines, index) &&
      !TRAILING_COMMENT.test(line.text.replace(/["'`][^"'`]*["'`]/g, ''))
    );
  const opener = OPENERS.find(
    ([pattern], at) => (words & (OPENER_BITS[at] as number)) !== 0 && pattern.test(line.text),
  );
  if (!opener) return false;
  if (
    explainedAbove(lines, index) ||
    TRAILING_COMMENT.test(line.text.replace(/["'`][^"'`]*["'`]/g, ''))
  )
    return false;
  const body = emptyBody(lines, index, opener[1]);
  return body !== null && body.empty && body.touched;
}

export default createCheck<EmptyHandlerOptions>({
  meta: {
    kind: 'empty-handler',
    description:
      'An error handler that does nothing: `catch {}` on one line or several, `.catch(() => {})`, Python `except: pass`, Go `if err != nil {}`, Ruby `rescue` then `end`. A comment in the handler or right above it marks it deliberate.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        kind: { const: 'empty-handler' },
        message: { type: 'string', minLength: 1 },
      },
    },
  },
  create(options) {
    const message =
      options.message ??
      'Unexpected empty error handler, expected the error logged, handled or rethrown';
    return {
      run(change) {
        const hits = handlerLines(change);
        // One scan of the whole change: most changes hold no handler at all.
        if (!hits.includes(1)) return [];
        const lines = newSide(change, hits);
        const found: RawFinding[] = [];
        for (let index = 0; index < lines.length; index++) {
          // Every ONE_LINE and OPENERS pattern holds one of HANDLER_WORDS: most lines stop here.
          if (!lines.mayOpen(index)) continue;
          const line = lines.at(index);
          if (line.text.length > MAX_WRITTEN_LINE || !opensEmptyHandler(lines, index, line))
            continue;
          const severity =
            SPECIFIC.test(line.text) || IGNORED_BINDING.test(line.text) || isTeardown(lines, index)
              ? { severity: 'notice' as const }
              : {};
          found.push({
            path: change.path,
            line: line.line,
            message,
            excerpt: line.text.trim(),
            ...severity,
          });
        }
        return found;
      },
    };
  },
});
