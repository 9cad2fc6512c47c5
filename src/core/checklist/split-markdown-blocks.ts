import { isSpace } from './is-space.js';

export interface MarkdownBlock {
  /** 1-based line of the block's first line in the whole document. */
  startLine: number;
  lines: string[];
}

/** Past this many lines a block is cut at the next top-level list item. */
export const MAX_BLOCK_LINES = 400;

const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const FENCE = /^\s*(`{3,}|~{3,})/;
const HTML_UNTIL: ReadonlyArray<readonly [RegExp, (match: RegExpExecArray) => RegExp]> = [
  [/^ {0,3}<!--/, () => /-->/],
  [/^ {0,3}<(script|pre|style|textarea)(?:[\s>]|$)/i, (match) => new RegExp(`</${match[1]}>`, 'i')],
  [/^ {0,3}<\?/, () => /\?>/],
  [/^ {0,3}<!\[CDATA\[/, () => /\]\]>/],
  [/^ {0,3}<![A-Za-z]/, () => />/],
];

/** Whether the line is empty or whitespace only (`line.trim() === ''` without the copy). */
function isBlank(line: string): boolean {
  for (let at = 0; at < line.length; at++) if (!isSpace(line.charCodeAt(at))) return false;
  return true;
}

/**
 * Whether the first character past the line's whitespace is `a` or `b` (char codes): FENCE
 * (`^\s*`) can match no other line, and most lines are ruled out by their first character.
 */
function opensWith(line: string, a: number, b: number): boolean {
  let at = 0;
  while (at < line.length && isSpace(line.charCodeAt(at))) at++;
  if (at === line.length) return false;
  const code = line.charCodeAt(at);
  return code === a || code === b;
}

/** Whether a list item marker opens the line: `LIST_MARKER` without a regex for most lines. */
function startsWithListMarker(line: string): boolean {
  if (line.length === 0) return false;
  const first = line.charCodeAt(0);
  // '-', '*', '+' or a digit
  if (first !== 45 && first !== 42 && first !== 43 && !(first >= 48 && first <= 57)) return false;
  return LIST_MARKER.test(line);
}

/**
 * Where each block starts (0-based indices into `lines`, the first 0 unless `lines` is empty):
 * the cuts of splitMarkdownBlocks, without copying any line.
 */
export function findBlockStarts(lines: readonly string[]): number[] {
  const starts: number[] = [];
  let blockStart = 0;
  let fence: { char: string; length: number } | null = null;
  let closer: RegExp | null = null;
  let htmlUntilBlank = false;
  let afterBlank = false;
  if (lines.length > 0) starts.push(0);

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    const free = fence === null && closer === null && !htmlUntilBlank;
    // An empty line has no first character (a read past the end would deoptimize the loop).
    const first = line.length > 0 ? line.charCodeAt(0) : -1;
    const cut =
      // Only a line opening with up to three spaces or '#' can be a heading.
      ((first === 35 || first === 32) && ATX_HEADING.test(line)) ||
      (afterBlank && line.length > 0 && !isSpace(first) && !startsWithListMarker(line)) ||
      // A very long list is cut before a top-level item: remark slows down more than linearly on
      // one large block, and a new top-level item cannot continue the one before.
      (index - blockStart >= MAX_BLOCK_LINES && startsWithListMarker(line));
    if (free && cut && index > blockStart) {
      starts.push(index);
      blockStart = index;
    }
    afterBlank = isBlank(line);

    if (fence) {
      const run = line.includes(fence.char) ? FENCE.exec(line)?.[1] : undefined;
      if (run && run[0] === fence.char && run.length >= fence.length && line.trim() === run)
        fence = null;
      continue;
    }
    if (closer) {
      if (closer.test(line)) closer = null;
      continue;
    }
    if (htmlUntilBlank) {
      if (afterBlank) htmlUntilBlank = false;
      continue;
    }
    const open = opensWith(line, 96, 126) ? FENCE.exec(line)?.[1] : undefined;
    if (open) {
      // A backtick fence's info string cannot hold a backtick; such a line is inline code.
      if (!(open[0] === '`' && line.trim().slice(open.length).includes('`'))) {
        fence = { char: open[0] as string, length: open.length };
      }
      continue;
    }
    // Every HTML start opens the line after at most three spaces.
    let indent = 0;
    while (indent < 3 && indent < line.length && line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length || line.charCodeAt(indent) !== 60) continue;
    let html = false;
    for (const [start, until] of HTML_UNTIL) {
      const match = start.exec(line);
      if (match) {
        const end = until(match);
        if (!end.test(line.slice(match[0].length))) closer = end;
        html = true;
        break;
      }
    }
    if (!html && /^ {0,3}<\/?[A-Za-z]/.test(line)) htmlUntilBlank = true;
  }
  return starts;
}

/**
 * Cuts a markdown document into blocks that parse the same alone as in the whole: before each
 * ATX heading, and before a line that starts at column 0 after a blank line and is not a list
 * item (nothing open before it can continue across that). Fenced code, HTML comments and raw
 * HTML blocks are never cut; when unsure, a block simply stays larger. Blocks are parsed one by
 * one because micromark slows down more than linearly on one large input.
 */
export function splitMarkdownBlocks(lines: string[]): MarkdownBlock[] {
  const starts = findBlockStarts(lines);
  return starts.map((start, index) => ({
    startLine: start + 1,
    lines: lines.slice(start, starts[index + 1] ?? lines.length),
  }));
}
