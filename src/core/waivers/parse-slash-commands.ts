import type { Html, InlineCode, Paragraph, Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { splitMarkdownBlocks } from '../checklist/split-markdown-blocks.js';

export type SlashCommand =
  | { name: 'check' }
  | { name: 'status' }
  | { name: 'help' }
  | { name: 'explain'; rule: string | null }
  | { name: 'waive'; rule: string | null; path: string | null; reason: string | null }
  | { name: 'unwaive'; rule: string | null; path: string | null }
  | { name: 'unknown'; text: string };

/** GitHub's own limit on a comment body: anything beyond it is not read. */
export const MAX_COMMENT_LENGTH = 65_536;
/** A command line longer than this is not a command (no real waiver needs more). */
export const MAX_COMMAND_LENGTH = 2_000;
/** What an unknown command keeps of its text, for a reply that quotes it (escaped). */
const MAX_UNKNOWN_TEXT = 100;

/**
 * micromark is not linear on hostile markdown (60k characters of nested quotes or unclosed
 * emphasis take seconds, deep nesting overflows the stack), so only the markdown blocks that
 * hold a candidate command line are parsed, and only when they are small: a command in a block
 * larger than this is not read (the gate stays as it was: fail closed).
 */
export const MAX_COMMAND_BLOCK_LENGTH = 1_500;
export const MAX_COMMAND_BLOCK_LINES = 40;
/** At most this many command lines are read, from at most this many blocks, per comment. */
export const MAX_COMMANDS = 10;
/** Deeper nesting than this (quotes, lists) is where micromark turns slow: not read. */
const MAX_NESTING_PREFIX = 32;

const processor = unified().use(remarkParse).use(remarkGfm).freeze();
const PREFIX = '/readiness';
const NESTING = /^[\s>*+-]*/;
/**
 * Stands in for inline code and inline HTML in a paragraph's visible text: a command must start
 * its line, so nothing hidden in a comment or shown as code can become (or start) one.
 */
const HIDDEN = '\uFFFC';

/**
 * The visible lines of a top-level paragraph, from its source: inline code and raw HTML
 * (`<!-- ... -->` spanning lines, `<span hidden>`) are blanked, other text stays as written so
 * paths keep their underscores and stars.
 */
function visibleLines(source: string, paragraph: Paragraph): string[] {
  const start = paragraph.position?.start.offset;
  const end = paragraph.position?.end.offset;
  if (start === undefined || end === undefined) return [];
  const hidden: Array<[number, number]> = [];
  const walk = (node: { type: string; children?: unknown[]; position?: Paragraph['position'] }) => {
    if (node.type === 'html' || node.type === 'inlineCode') {
      const from = (node as Html | InlineCode).position?.start.offset;
      const to = (node as Html | InlineCode).position?.end.offset;
      if (from !== undefined && to !== undefined) hidden.push([from, to]);
      return;
    }
    for (const child of node.children ?? []) walk(child as Parameters<typeof walk>[0]);
  };
  walk(paragraph);
  let text = '';
  let at = start;
  for (const [from, to] of hidden.sort((a, b) => a[0] - b[0])) {
    if (from < at) continue;
    text += source.slice(at, from);
    // Keep the line breaks of what is blanked, so the lines after it stay lines.
    text += source.slice(from, to).replace(/[^\n]+/g, HIDDEN);
    at = to;
  }
  text += source.slice(at, end);
  return text.split('\n');
}

/** Splits on whitespace, keeping where each word ends (linear, no backtracking). */
function words(text: string): Array<{ word: string; end: number }> {
  const found: Array<{ word: string; end: number }> = [];
  for (const match of text.matchAll(/\S+/g))
    found.push({ word: match[0], end: (match.index ?? 0) + match[0].length });
  return found;
}

function parseLine(line: string): SlashCommand | null {
  if (line.length > MAX_COMMAND_LENGTH) return null;
  const trimmed = line.trim();
  if (!trimmed.startsWith(PREFIX)) return null;
  const after = trimmed.slice(PREFIX.length);
  if (after !== '' && !/^\s/.test(after)) return null;
  const rest = after.trim();
  const all = words(rest);
  // Everything after the first ` -- ` is the reason, dashes and all.
  const separator = all.findIndex((entry) => entry.word === '--');
  const head = (separator === -1 ? all : all.slice(0, separator)).map((entry) => entry.word);
  const reason = separator === -1 ? null : rest.slice(all[separator]!.end).trim() || null;
  const [verb = '', ...args] = head;
  switch (verb.toLowerCase()) {
    case '':
    case 'check':
      return { name: 'check' };
    case 'status':
      return { name: 'status' };
    case 'help':
      return { name: 'help' };
    case 'explain':
      return { name: 'explain', rule: args[0] ?? null };
    case 'waive':
      return { name: 'waive', rule: args[0] ?? null, path: args[1] ?? null, reason };
    case 'unwaive':
      return { name: 'unwaive', rule: args[0] ?? null, path: args[1] ?? null };
    default:
      return { name: 'unknown', text: rest.slice(0, MAX_UNKNOWN_TEXT) };
  }
}

/**
 * Finds `/readiness ...` commands, each on its own line of a visible top-level paragraph of the
 * comment's parsed markdown: nothing in code (fenced, indented or inline), HTML comments or raw
 * HTML, quotes, lists or tables is a command. `/readiness waive dev-keys src/a.ts -- test
 * account` → { waive, dev-keys, src/a.ts, reason }. Bounded: the first 65,536 characters, blocks
 * of at most 1,500 characters and 40 lines, 10 blocks with commands.
 */
export function parseSlashCommands(body: string): SlashCommand[] {
  const source = body.slice(0, MAX_COMMENT_LENGTH).replace(/\r\n?/g, '\n');
  // Cheap pre-filter: most comments hold no command and need no markdown parse.
  if (!source.includes(PREFIX)) return [];
  const lines = source.split('\n');
  const commands: SlashCommand[] = [];
  let parsed = 0;
  for (const block of splitMarkdownBlocks(lines)) {
    if (parsed >= MAX_COMMANDS) break;
    if (!block.lines.some((line) => line.length <= MAX_COMMAND_LENGTH && line.includes(PREFIX)))
      continue;
    parsed++;
    const text = block.lines.join('\n');
    if (text.length > MAX_COMMAND_BLOCK_LENGTH || block.lines.length > MAX_COMMAND_BLOCK_LINES)
      continue;
    if (block.lines.some((line) => (NESTING.exec(line)?.[0].length ?? 0) > MAX_NESTING_PREFIX))
      continue;
    let tree: Root;
    try {
      tree = processor.runSync(processor.parse(text)) as Root;
    } catch {
      continue;
    }
    for (const node of tree.children as RootContent[]) {
      if (node.type !== 'paragraph') continue;
      for (const line of visibleLines(text, node)) {
        const command = parseLine(line);
        if (command && commands.length < MAX_COMMANDS) commands.push(command);
      }
    }
  }
  return commands;
}

export const COMMAND_HELP = `**Readiness Gate commands** (in a pull request comment, each on its own line):

| command | what it does |
|---|---|
| \`/readiness\` or \`/readiness check\` | re-evaluate now |
| \`/readiness status\` | reply with a short status |
| \`/readiness explain <rule-id>\` | why a rule matters and how to fix it |
| \`/readiness waive <rule-id> [path] -- <reason>\` | waive a finding (write access; a reason is required) |
| \`/readiness unwaive <rule-id> [path]\` | take a waiver back |
| \`/readiness help\` | this help |`;
