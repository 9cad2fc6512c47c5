import { isSpace } from './is-space.js';
import type { RootContent } from 'mdast';
import type {
  ReadHeading,
  ReadItem,
  ReadList,
  ReadParagraph,
  ReadTable,
} from './section-blocks.js';

/**
 * A fast reader for the plain subset of markdown that makes up most of a readiness document:
 * ATX headings, one-line list items (with task boxes, `**strong**` and `code`), paragraphs of
 * prose, thematic breaks and pipe tables standing alone. It builds what the checklist builder
 * reads of them (section-blocks.ts: one object per heading, paragraph or item, where remark's
 * mdast takes five to seven), and returns null as soon as a line falls outside that subset, so
 * the caller hands the section to remark instead.
 * `test/core/parse-simple-section.test.ts` checks the two agree.
 */

const THEMATIC = /^ {0,3}([-*_])(?: *\1){2,} *$/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+) *$/;
const LINE_BREAK = /[\u2028\u2029]/;
const BLOCK_START = /^(?:[>#<|=]|`{3,}|~{3,}|\[|[-*+] |[-*+]$|\d{1,9}[.)](?: |$))/;
// Outside code spans and links the reader already refused `\\ < [ ] ~` and stray `_`; what
// is left that remark reads differently: autolink literals and character references.
const UNSAFE_INLINE = /:\/\/|www\.|&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z\d]{1,31});/;
const WHITESPACE = /\s/u;
// The characters BLOCK_START can match first: most items open with a letter or an emoji.
const BLOCK_START_CHAR = new Uint8Array(128);
for (const char of '>#<|=`~[-*+0123456789') BLOCK_START_CHAR[char.charCodeAt(0)] = 1;

function startsBlock(code: number): boolean {
  return code < 128 && BLOCK_START_CHAR[code] === 1;
}

/**
 * THEMATIC on the line from `from` (past its indentation): a rule is one of `-*_` repeated,
 * spaces between, and nothing else, so most lines ("- [ ] item") are ruled out by their second
 * or third character before the regex runs.
 */
function mayBeRule(line: string, from: number): boolean {
  const mark = line.charCodeAt(from);
  if (mark !== 45 && mark !== 42 && mark !== 95) return false;
  for (let at = from + 1; at < line.length; at++) {
    const code = line.charCodeAt(at);
    if (code !== mark && code !== 32) return false;
  }
  return THEMATIC.test(line);
}
const BLANK = /^\s*$/;
const PUNCTUATION = /[\p{P}\p{S}]/u;

/** The length of the run of `char` in `line` that ends at `end` (exclusive). */
function runBefore(line: string, end: number, char: string): number {
  let start = end;
  while (start > 0 && line[start - 1] === char) start--;
  return end - start;
}

/** The level of the ATX heading `line` opens after `indent` spaces, or 0 for another line. */
function headingDepth(line: string, indent: number): number {
  if (indent > 3) return 0;
  let hashes = indent;
  while (hashes < line.length && line.charCodeAt(hashes) === 35) hashes++;
  const depth = hashes - indent;
  if (depth > 6 || (hashes < line.length && line.charCodeAt(hashes) !== 32)) return 0;
  return depth;
}

/**
 * The text `^ {0,3}(#{1,6})(?: +(.*?))?(?: +#+)? *$` reads from an ATX heading of `depth`
 * (headingDepth), or null. Sliced from both ends, because that lazy pattern is quadratic on a
 * long line.
 */
function headingText(line: string, indent: number, depth: number): string | null {
  let start = indent + depth;
  while (line[start] === ' ') start++;
  let end = line.length - runBefore(line, line.length, ' ');
  if (end <= start) return '';
  // A closing sequence: spaces then hashes; the text's first character never belongs to it.
  const closing = runBefore(line, end, '#');
  if (closing > 0 && end - closing > start && line[end - closing - 1] === ' ')
    end = end - closing - runBefore(line, end - closing, ' ');
  const text = line.slice(start, end);
  return LINE_BREAK.test(text) ? null : text;
}

/** A thematic break: the builder reads no more of one than that it is there. */
const RULE: RootContent = { type: 'thematicBreak' };

function isLeftFlanking(before: string, after: string): boolean {
  if (after === '' || WHITESPACE.test(after)) return false;
  if (!PUNCTUATION.test(after)) return true;
  return before === '' || WHITESPACE.test(before) || PUNCTUATION.test(before);
}

function isRightFlanking(before: string, after: string): boolean {
  if (before === '' || WHITESPACE.test(before)) return false;
  if (!PUNCTUATION.test(before)) return true;
  return after === '' || WHITESPACE.test(after) || PUNCTUATION.test(after);
}

/**
 * Where the list marker that `^( *)([-*+]|\d{1,9}[.)])( +)(.*)$` reads after `indent` spaces ends,
 * or -1 when there is none, read by hand: the regex's match array and captures were a large part
 * of the garbage. The caller checks the spaces and the rest.
 */
function listMarkerEnd(line: string, indent: number): number {
  let end = indent;
  const first = line.charCodeAt(end);
  if (first === 45 || first === 42 || first === 43) return end + 1;
  while (end - indent < 10 && line.charCodeAt(end) >= 48 && line.charCodeAt(end) <= 57) end++;
  const digits = end - indent;
  const close = line.charCodeAt(end);
  if (digits === 0 || digits > 9 || (close !== 46 && close !== 41)) return -1;
  return end + 1;
}

/**
 * Where the text after a task box starts, for the item text at `from` (line terminators already
 * excluded): what `^\[([ xX])\] +(\S.*)$` reads, or -1.
 */
function taskTextStart(line: string, from: number): number {
  // By code unit: `[`, then a space, `x` or `X`, then `]`.
  if (from + 3 > line.length || line.charCodeAt(from) !== 91 || line.charCodeAt(from + 2) !== 93)
    return -1;
  const box = line.charCodeAt(from + 1);
  if (box !== 32 && box !== 120 && box !== 88) return -1;
  let at = from + 3;
  while (at < line.length && line.charCodeAt(at) === 32) at++;
  if (at === from + 3 || at === line.length || isSpace(line.charCodeAt(at))) return -1;
  return at;
}

// `*\<[]~_ : the characters with a meaning to the inline reader.
const SPECIAL = new Uint8Array(128);
for (const char of '`*\\<[]~_') SPECIAL[char.charCodeAt(0)] = 1;

/** The index of the next character in SPECIAL from `from` on, or the length. */
function nextSpecial(content: string, from: number): number {
  let at = from;
  for (; at < content.length; at++) {
    const code = content.charCodeAt(at);
    if (code < 128 && SPECIAL[code] === 1) break;
  }
  return at;
}
const PLAIN_TEXT = /^[^`*\\<[\]~_&]*$/;
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const LINK_LABEL = /^[^\s[\]`*_~\\<>!&](?:[^[\]`*_~\\<>!&]{0,198}[^\s[\]`*_~\\<>!&])?$/;
const LINK_DESTINATION = /^[\w\-.~:/?#@$+,;=%&!'*]{1,500}$/;

/**
 * `text.charCodeAt(at)`, -1 outside the text: a read past either end would deoptimize the
 * compiled caller the first time an item ends (or starts) with a delimiter.
 */
function codeAt(text: string, at: number): number {
  return at >= 0 && at < text.length ? text.charCodeAt(at) : -1;
}

/** The text remark's inline parser would give, or null when the line is not plainly simple. */
function readSimpleInline(content: string): string | null {
  // Most cells and items hold no inline syntax at all: nothing to read.
  if (PLAIN_TEXT.test(content) && !content.includes('://') && !content.includes('www.'))
    return content;
  // What remark reads as text outside code spans (links leave only their label) is only
  // needed when it may hold an autolink or a character reference: these characters are in it.
  const mayBeUnsafe =
    (content.includes(':') && content.includes('/')) ||
    (content.includes('w') && content.includes('.')) ||
    content.includes('&');
  let outside = '';
  // The text is `content` less the `**` and the link syntax: copied in slices only when
  // something is dropped, so that an item with only code spans is `content` itself.
  let text = '';
  let copied = 0;
  let runs = 0;
  let i = 0;
  while (i < content.length) {
    const next = nextSpecial(content, i);
    if (next > i) {
      if (mayBeUnsafe) outside += content.slice(i, next);
      i = next;
      continue;
    }
    const code = content.charCodeAt(i);
    if (code === 91) {
      // `[`: an inline link `[label](destination)` with a plain label and destination reads
      // as its label; anything fancier (images, references, titles, nesting) goes to remark.
      const close = content.indexOf(']', i + 1);
      if (close === -1 || codeAt(content, close + 1) !== 40 || codeAt(content, i - 1) === 33)
        return null;
      const label = content.slice(i + 1, close);
      const end = content.indexOf(')', close + 2);
      if (end === -1) return null;
      if (!LINK_LABEL.test(label) || !LINK_DESTINATION.test(content.slice(close + 2, end)))
        return null;
      text += content.slice(copied, i) + label;
      if (mayBeUnsafe) outside += label;
      i = end + 1;
      copied = i;
      continue;
    }
    if (code === 96) {
      // "`": a code span stays in the text as written, backticks included.
      if (codeAt(content, i + 1) === 96) return null;
      const end = content.indexOf('`', i + 1);
      if (end === -1 || codeAt(content, end + 1) === 96) return null;
      if (!isPlainCode(content, i + 1, end)) return null;
      if (mayBeUnsafe) outside += ' ';
      i = end + 1;
      continue;
    }
    if (code === 42) {
      // `**`: strong emphasis, its delimiters alternately left- and right-flanking.
      if (codeAt(content, i + 1) !== 42) return null;
      const after = i + 2 < content.length ? (content[i + 2] as string) : '';
      if (after === '*') return null;
      const before = i > 0 ? (content[i - 1] as string) : '';
      const fits = runs % 2 === 0 ? isLeftFlanking(before, after) : isRightFlanking(before, after);
      if (!fits) return null;
      runs++;
      text += content.slice(copied, i);
      i += 2;
      copied = i;
      continue;
    }
    if (code === 95) {
      // An underscore between letters or digits (`DB_PASSWORD`) can neither open nor close
      // emphasis: it is text. Any other goes to remark.
      if (
        i === 0 ||
        i + 1 === content.length ||
        !WORD_CHAR.test(content[i - 1] as string) ||
        !WORD_CHAR.test(content[i + 1] as string)
      )
        return null;
      if (mayBeUnsafe) outside += '_';
      i++;
      continue;
    }
    // The rest of SPECIAL (`\ < ] ~`).
    return null;
  }
  if (mayBeUnsafe && UNSAFE_INLINE.test(outside)) return null;
  if (runs % 2 !== 0) return null;
  return copied === 0 ? content : text + content.slice(copied);
}

/**
 * Whether the code span `content[from..to)` reads as itself: not blank, and not wrapped in a
 * space on both sides (remark strips one from each end).
 */
function isPlainCode(content: string, from: number, to: number): boolean {
  let blank = true;
  for (let at = from; at < to && blank; at++) if (!isSpace(content.charCodeAt(at))) blank = false;
  if (blank) return false;
  return !(content.charCodeAt(from) === 32 && content.charCodeAt(to - 1) === 32);
}

/** A block as remark reads it, or as the builder does (what the fast reader gives). */
export type SectionNode = RootContent | ReadHeading | ReadParagraph | ReadList | ReadTable;

interface OpenList {
  list: ReadList;
  markerIndent: number;
  contentOffset: number;
  kind: string;
  lastItem: ReadItem;
}

/**
 * The open lists, by depth, reused by every section: readSimpleSection never runs inside
 * itself, and an array and an object per list and section were a share of the garbage.
 */
const OPEN: OpenList[] = [];

/** Sets OPEN[depth] (reusing its object) and returns the new depth. */
function openList(
  depth: number,
  list: ReadList,
  markerIndent: number,
  contentOffset: number,
  kind: string,
): number {
  const lastItem = list.items[0] as ReadItem;
  if (depth < OPEN.length) {
    const entry = OPEN[depth] as OpenList;
    entry.list = list;
    entry.markerIndent = markerIndent;
    entry.contentOffset = contentOffset;
    entry.kind = kind;
    entry.lastItem = lastItem;
  } else {
    OPEN.push({ list, markerIndent, contentOffset, kind, lastItem });
  }
  return depth + 1;
}

type Previous = 'start' | 'blank' | 'item' | 'paragraph' | 'block';

/**
 * `^\|(?: *:?-+:? *\|)+ *$`, cell by cell (that pattern backtracks over trailing spaces per
 * cell), each cell `^ *:?-+:? *$` read by hand.
 */
function isDelimiterRow(line: string): boolean {
  const end = line.length - runBefore(line, line.length, ' ');
  if (end < 2 || line[0] !== '|' || line[end - 1] !== '|') return false;
  let at = 1;
  // Cells from `at` up to each "|" until the last one, at end - 1.
  for (;;) {
    while (line[at] === ' ') at++;
    if (line[at] === ':') at++;
    const dashes = at;
    while (line[at] === '-') at++;
    if (at === dashes) return false;
    if (line[at] === ':') at++;
    while (line[at] === ' ') at++;
    if (line[at] !== '|' || at >= end) return false;
    if (at === end - 1) return true;
    at++;
  }
}

/** The index of the last character that is not whitespace, or -1. */
function lastNonSpace(line: string): number {
  let last = line.length - 1;
  while (last >= 0 && isSpace(line.charCodeAt(last))) last--;
  return last;
}

/** How many cells `splitCells(row, last)` reads: one per "|" up to the last, which closes. */
function countCells(row: string, last: number): number {
  let count = 1;
  for (let at = row.indexOf('|', 1); at !== -1 && at < last; at = row.indexOf('|', at + 1)) count++;
  return count;
}

/**
 * `row.trim().slice(1, -1).split('|')` with every cell trimmed, for a row that opens with "|"
 * and whose last non-space character, at `last`, is one: one slice per cell, no copies of the
 * row, and an array of the exact size (one grown by push holds 17 slots for 3 cells).
 */
function splitCells(row: string, last: number): string[] {
  const cells = new Array<string>(countCells(row, last));
  let start = 1;
  for (let cell = 0; cell < cells.length; cell++) {
    let end = row.indexOf('|', start);
    if (end === -1 || end > last) end = last;
    let from = start;
    let to = end;
    while (from < to && isSpace(row.charCodeAt(from))) from++;
    while (to > from && isSpace(row.charCodeAt(to - 1))) to--;
    cells[cell] = from === to ? '' : row.slice(from, to);
    start = end + 1;
  }
  return cells;
}

/** Where a `|...|` row without escapes closes (its last non-space "|"), or -1 for another line. */
function rowEnd(row: string): number {
  const last = lastNonSpace(row);
  if (row.charCodeAt(0) !== 124 || last < 1 || row.charCodeAt(last) !== 124) return -1;
  return row.includes('\\') || row.includes('\t') ? -1 : last;
}

/**
 * A row's cells as inline text, `width` of them (in `cells` itself when it has as many), or null
 * when one is not plainly simple.
 */
function readRow(cells: string[], width: number): string[] | null {
  const texts = cells.length === width ? cells : new Array<string>(width);
  for (let column = 0; column < width; column++) {
    const text = readSimpleInline(column < cells.length ? (cells[column] as string) : '');
    if (text === null) return null;
    texts[column] = text;
  }
  return texts;
}

/** A pipe table alone in its block: every line a `|...|` row, no escapes. */
function parseSimpleTable(
  lines: readonly string[],
  startLine: number,
  from: number,
  to: number,
): ReadTable | null {
  let end = to;
  while (end > from && lastNonSpace(lines[end - 1] as string) === -1) end--;
  if (end - from < 2 || !isDelimiterRow(lines[from + 1] as string)) return null;
  for (let index = from; index < end; index++)
    if (rowEnd(lines[index] as string) === -1) return null;
  const delimiter = lines[from + 1] as string;
  const width = countCells(delimiter, rowEnd(delimiter));
  let header: string[] = [];
  const rows = new Array<string[]>(end - from - 2);
  const rowLines = new Array<number>(end - from - 2);
  for (let index = 0; index < end - from; index++) {
    if (index === 1) continue;
    const row = lines[from + index] as string;
    const cells = splitCells(row, rowEnd(row));
    // remark keeps cells past the header's width, and a header must be as wide as the
    // delimiter row; rather than mimic that, leave both to remark.
    if (cells.length > width || (index === 0 && cells.length !== width)) return null;
    const texts = readRow(cells, width);
    if (texts === null) return null;
    if (index === 0) {
      header = texts;
    } else {
      rows[index - 2] = texts;
      rowLines[index - 2] = startLine + index;
    }
  }
  return { type: 'readTable', header, rows, rowLines, struck: null };
}

/**
 * Reads `lines[from..to)`, whose first line is line `startLine` of the document, or returns null
 * when remark has to.
 */
export function parseSimpleSection(
  lines: readonly string[],
  startLine: number,
  from = 0,
  to = lines.length,
): SectionNode[] | null {
  const out: SectionNode[] = [];
  return readSimpleSection(lines, startLine, from, to, out, ANY_LINES) === -1 ? null : out;
}

/** What the whole document holds, looked up once rather than in every line. */
export interface DocumentTraits {
  /** A tab somewhere: lines with one are not plain. */
  tabs: boolean;
  /** A U+2028 or U+2029 somewhere: `.` in remark's patterns stops at them. */
  separators: boolean;
}

const ANY_LINES: DocumentTraits = { tabs: true, separators: true };

/** The traits of a document's text. */
export function readDocumentTraits(text: string): DocumentTraits {
  return {
    tabs: text.includes('\t'),
    separators: text.includes('\u2028') || text.includes('\u2029'),
  };
}

/**
 * parseSimpleSection into `out` from index 0 on: the number of nodes read, or -1 when remark has
 * to read the section. The caller reuses `out` across sections (entries past the count are left
 * over from earlier ones) rather than collecting an array per section.
 */
export function readSimpleSection(
  lines: readonly string[],
  startLine: number,
  from: number,
  to: number,
  out: SectionNode[],
  traits: DocumentTraits,
): number {
  if (from < to && (lines[from] as string).startsWith('|')) {
    const table = parseSimpleTable(lines, startLine, from, to);
    if (table === null) return -1;
    out[0] = table;
    return 1;
  }
  let count = 0;
  // The number of open lists, in OPEN.
  let open = 0;
  let previous: Previous = 'start';

  for (let index = from; index < to; index++) {
    const line = lines[index] as string;
    const number = startLine + index - from;
    if (traits.tabs && line.includes('\t')) return -1;
    let indent = 0;
    // Bounded reads: one past the end would deoptimize the compiled loop (blank lines).
    while (indent < line.length && line.charCodeAt(indent) === 32) indent++;
    // Past the spaces, other whitespace makes the line blank or not plain.
    const blank = indent === line.length || (isSpace(line.charCodeAt(indent)) && BLANK.test(line));
    if (blank) {
      previous = 'blank';
      continue;
    }
    if (isSpace(line.charCodeAt(indent))) return -1;
    // Only these characters can start a thematic break or a heading: skip the regexes otherwise.
    const first = line[indent] as string;

    if ((first === '-' || first === '*' || first === '_') && mayBeRule(line, indent)) {
      if (previous === 'paragraph' || previous === 'item') return -1;
      open = 0;
      out[count++] = RULE;
      previous = 'block';
      continue;
    }

    const depth = first === '#' ? headingDepth(line, indent) : 0;
    if (depth > 0) {
      const raw = headingText(line, indent, depth);
      if (raw === null) return -1;
      const text = readSimpleInline(raw);
      if (text === null) return -1;
      open = 0;
      const node: ReadHeading = { type: 'readHeading', depth, text, line: number };
      out[count++] = node;
      previous = 'block';
      continue;
    }

    const markerEnd = listMarkerEnd(line, indent);
    let restStart = markerEnd;
    if (markerEnd !== -1)
      while (restStart < line.length && line.charCodeAt(restStart) === 32) restStart++;
    // `.` stops at line terminators; the split left only these two in a line.
    if (
      markerEnd !== -1 &&
      restStart > markerEnd &&
      (!traits.separators ||
        (line.indexOf('\u2028', restStart) === -1 && line.indexOf('\u2029', restStart) === -1))
    ) {
      const lead = indent;
      const spacing = restStart - markerEnd;
      const taskStart = line[restStart] === '[' ? taskTextStart(line, restStart) : -1;
      const content = line.slice(taskStart === -1 ? restStart : taskStart);
      if (
        spacing > 4 ||
        lastNonSpace(content) === -1 ||
        (startsBlock(content.charCodeAt(0)) && BLOCK_START.test(content)) ||
        mayBeRule(content, 0)
      ) {
        return -1;
      }
      // A bullet is one of `-*+`; an ordered marker opens with a digit.
      const ordered = line.charCodeAt(indent) >= 48 && line.charCodeAt(indent) <= 57;
      const kind = line[markerEnd - 1] as string;
      const start = ordered ? Number.parseInt(line.slice(indent, markerEnd), 10) : null;
      if (previous === 'paragraph' && (lead > 3 || (ordered && start !== 1))) return -1;

      const text = readSimpleInline(content);
      if (text === null) return -1;

      const listItem: ReadItem = {
        line: number,
        text,
        checked: taskStart === -1 ? null : line[restStart + 1] !== ' ',
        struck: false,
        nested: null,
      };
      const contentOffset = restStart;

      if (open > 0) {
        while (open > 0 && lead < (OPEN[open - 1] as OpenList).markerIndent) open--;
        // Markers of sibling items may be indented differently; only exact alignment is plain.
        if (open === 0) return -1;
      }
      const top = open > 0 ? (OPEN[open - 1] as OpenList) : undefined;
      if (top && lead >= top.contentOffset) {
        if (lead > top.contentOffset + 3) return -1;
        const list: ReadList = { type: 'readList', line: number, items: [listItem] };
        // An array of one: most items hold one list (`[]` then push holds 17 slots).
        if (top.lastItem.nested === null) top.lastItem.nested = [list];
        else top.lastItem.nested.push(list);
        open = openList(open, list, lead, contentOffset, kind);
      } else if (top) {
        if (lead !== top.markerIndent || kind !== top.kind) return -1;
        top.list.items.push(listItem);
        top.lastItem = listItem;
        top.contentOffset = contentOffset;
      } else {
        if (lead > 3) return -1;
        const list: ReadList = { type: 'readList', line: number, items: [listItem] };
        out[count++] = list;
        open = openList(open, list, lead, contentOffset, kind);
      }
      previous = 'item';
      continue;
    }

    // A line of prose.
    if (line.includes('|') || BLOCK_START.test(line.trimStart())) return -1;
    if (previous === 'paragraph') {
      if (SETEXT_UNDERLINE.test(line)) return -1;
      // remark's paragraph ends on its last line; the model reads a paragraph's lines.
      const last = out[count - 1] as SectionNode;
      if (last.type === 'readParagraph') last.end = number;
      continue;
    }
    if (previous === 'item' || indent > 0) return -1;
    open = 0;
    const node: ReadParagraph = { type: 'readParagraph', start: number, end: number };
    out[count++] = node;
    previous = 'paragraph';
  }
  return count;
}
