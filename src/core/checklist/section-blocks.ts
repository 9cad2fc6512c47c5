import type { List, ListItem, Nodes, Paragraph, Table } from 'mdast';
import { inlineText } from './inline-text.js';
import { isSpace } from './is-space.js';

/**
 * Lists and tables as the checklist builder reads them, whichever reader met them: the fast
 * reader builds these directly (a few objects per item instead of remark's seven), and remark's
 * lists and tables are converted to them, so that the builder has one shape to walk.
 */

/** A list item: the inline text of its first paragraph (not yet normalised), and what it holds. */
export interface ReadItem {
  line: number;
  text: string;
  /** A task box's state; null without one. */
  checked: boolean | null;
  /** Struck through and nothing else. */
  struck: boolean;
  /** The lists and tables inside the item, in order, or null. */
  nested: Array<ReadList | ReadTable> | null;
}

export interface ReadList {
  type: 'readList';
  line: number;
  items: ReadItem[];
}

export interface ReadTable {
  type: 'readTable';
  /** The header's cells as inline text (not yet normalised); empty for a table without one. */
  header: string[];
  /** Each row's cells as inline text. */
  rows: string[][];
  rowLines: number[];
  /** Per row and cell, struck through and nothing else; null when no cell is. */
  struck: boolean[][] | null;
}

/** An ATX heading the fast reader read: its inline text as remark's inlineText gives it. */
export interface ReadHeading {
  type: 'readHeading';
  depth: number;
  text: string;
  line: number;
}

/** A paragraph the fast reader read: the lines it spans (the builder reads their source). */
export interface ReadParagraph {
  type: 'readParagraph';
  start: number;
  end: number;
}

function lineOf(node: { position?: { start: { line: number } } }): number {
  return node.position?.start.line ?? 1;
}

function isBlank(text: string): boolean {
  for (let at = 0; at < text.length; at++) if (!isSpace(text.charCodeAt(at))) return false;
  return true;
}

/** Whether the inline content is struck through and nothing else (blank text aside). */
export function isStruck(children: Paragraph['children'] | undefined): boolean {
  if (!children) return false;
  let struck = false;
  for (let at = 0; at < children.length; at++) {
    const child = children[at] as Paragraph['children'][number];
    if (child.type === 'delete') struck = true;
    else if (!(child.type === 'text' && isBlank(child.value))) return false;
  }
  return struck;
}

function readItem(listItem: ListItem): ReadItem {
  const first = listItem.children[0];
  const paragraph = first?.type === 'paragraph' ? first : undefined;
  let nested: Array<ReadList | ReadTable> | null = null;
  for (const child of listItem.children) {
    if (child.type === 'list') (nested ??= []).push(readListOf(child));
    else if ((child as Nodes).type === 'table') (nested ??= []).push(readTableOf(child as Table));
  }
  return {
    line: lineOf(listItem),
    text: paragraph ? inlineText(paragraph) : '',
    checked: typeof listItem.checked === 'boolean' ? listItem.checked : null,
    struck: isStruck(paragraph?.children),
    nested,
  };
}

/** A list remark read, as the builder reads it. */
export function readListOf(list: List): ReadList {
  return { type: 'readList', line: lineOf(list), items: list.children.map(readItem) };
}

/** A table remark read, as the builder reads it. */
export function readTableOf(table: Table): ReadTable {
  const [header, ...rows] = table.children;
  let anyStruck = false;
  const struck = rows.map((row) =>
    row.children.map((cell) => {
      const is = isStruck(cell.children);
      if (is) anyStruck = true;
      return is;
    }),
  );
  return {
    type: 'readTable',
    header: header ? header.children.map((cell) => inlineText(cell)) : [],
    rows: rows.map((row) => row.children.map((cell) => inlineText(cell))),
    rowLines: rows.map(lineOf),
    struck: anyStruck ? struck : null,
  };
}
