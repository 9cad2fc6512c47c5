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

/**
 * Cuts a markdown document into blocks that parse the same alone as in the whole: before each
 * ATX heading, and before a line that starts at column 0 after a blank line and is not a list
 * item (nothing open before it can continue across that). Fenced code, HTML comments and raw
 * HTML blocks are never cut; when unsure, a block simply stays larger. Blocks are parsed one by
 * one because micromark slows down more than linearly on one large input.
 */
export function splitMarkdownBlocks(lines: string[]): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let current: MarkdownBlock = { startLine: 1, lines: [] };
  let fence: { char: string; length: number } | null = null;
  let closer: RegExp | null = null;
  let htmlUntilBlank = false;
  let afterBlank = false;

  lines.forEach((line, index) => {
    const free = fence === null && closer === null && !htmlUntilBlank;
    const cut =
      ATX_HEADING.test(line) ||
      (afterBlank && /^\S/.test(line) && !LIST_MARKER.test(line)) ||
      // A very long list is cut before a top-level item: remark slows down more than linearly on
      // one large block, and a new top-level item cannot continue the one before.
      (current.lines.length >= MAX_BLOCK_LINES && LIST_MARKER.test(line));
    if (free && cut && current.lines.length > 0) {
      blocks.push(current);
      current = { startLine: index + 1, lines: [] };
    }
    current.lines.push(line);
    afterBlank = line.trim() === '';

    if (fence) {
      const run = line.includes(fence.char) ? FENCE.exec(line)?.[1] : undefined;
      if (run && run[0] === fence.char && run.length >= fence.length && line.trim() === run)
        fence = null;
      return;
    }
    if (closer) {
      if (closer.test(line)) closer = null;
      return;
    }
    if (htmlUntilBlank) {
      if (afterBlank) htmlUntilBlank = false;
      return;
    }
    const open = line.includes('`') || line.includes('~') ? FENCE.exec(line)?.[1] : undefined;
    if (open) {
      // A backtick fence's info string cannot hold a backtick; such a line is inline code.
      if (!(open[0] === '`' && line.trim().slice(open.length).includes('`'))) {
        fence = { char: open[0] as string, length: open.length };
      }
      return;
    }
    if (!line.includes('<')) return;
    for (const [start, until] of HTML_UNTIL) {
      const match = start.exec(line);
      if (match) {
        const end = until(match);
        if (!end.test(line.slice(match[0].length))) closer = end;
        return;
      }
    }
    if (/^ {0,3}<\/?[A-Za-z]/.test(line)) htmlUntilBlank = true;
  });
  if (current.lines.length > 0) blocks.push(current);
  return blocks;
}
