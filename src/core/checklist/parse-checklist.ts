import type { List, ListItem, Nodes, Paragraph, Root, RootContent, Table } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import {
  DEFAULT_CHECKLIST_OPTIONS,
  emptyCounts,
  type ChecklistDocument,
  type ChecklistItem,
  type ChecklistOptions,
  type ChecklistPhase,
  type Inconsistency,
  type ItemState,
  type ParseError,
} from './checklist-types.js';
import { compileUserRegex, type UserRegex } from '../rules/compile-user-regex.js';
import { findDocumentClaims } from './find-document-claims.js';
import { inlineText } from './inline-text.js';
import { readStatusMarker, type StatusMarker } from './read-status-marker.js';
import { parseSimpleSection } from './parse-simple-section.js';
import { repairMojibake } from './repair-mojibake.js';
import { splitMarkdownBlocks, type MarkdownBlock } from './split-markdown-blocks.js';

const processor = unified().use(remarkParse).use(remarkGfm).freeze();

interface HeadingFrame {
  id: number;
  depth: number;
  title: string;
  line: number;
  phase: number | null;
  /** The phase pattern opens the title ("Phase 2: ..."), rather than being named inside it. */
  phaseStart: boolean;
  outOfScope: boolean;
  claim: StatusMarker | null;
  isDocumentTitle: boolean;
}

interface ItemContext {
  frames: HeadingFrame[];
  phase: number | null;
  section: string[];
  outOfScope: boolean;
}

interface ItemDraft extends ChecklistItem {
  /** Headings above the item, to check the claims they make. */
  frames: HeadingFrame[];
}

export interface ParseChecklistResult {
  document: ChecklistDocument;
  errors: ParseError[];
}

const SETTLED: ReadonlySet<ItemState> = new Set(['done', 'skipped']);

function lineOf(node: { position?: { start: { line: number } } }): number {
  return node.position?.start.line ?? 1;
}

function normalise(text: string): string {
  return /\s\s|[^\S ]/.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
}

/** "Phase 1: Critical Fixes (1-2 days)" → "Phase 1: Critical Fixes". */
function cleanTitle(text: string): string {
  return normalise(text)
    .replace(/(\s*\([^()]*\))+$/, '')
    .trim();
}

function isStruck(paragraph: Paragraph | undefined): boolean {
  if (!paragraph) return false;
  const meaningful = paragraph.children.filter(
    (child) => !(child.type === 'text' && child.value.trim() === ''),
  );
  return meaningful.length > 0 && meaningful.every((child) => child.type === 'delete');
}

function firstParagraph(item: ListItem): Paragraph | undefined {
  const first = item.children[0];
  return first?.type === 'paragraph' ? first : undefined;
}

function shiftLines(node: Nodes, by: number): void {
  if (node.position) {
    node.position.start.line += by;
    node.position.end.line += by;
  }
  if ('children' in node) for (const child of node.children as Nodes[]) shiftLines(child, by);
}

/**
 * The blocks of one section: the fast reader for the plain subset, remark for everything else.
 * Sections are parsed one by one because micromark slows down more than linearly on one large
 * input; positions are shifted back to lines of the whole document.
 */
function parseSection(
  section: MarkdownBlock,
  fastPath: boolean,
  opaque: Set<number>,
): RootContent[] {
  const simple = fastPath ? parseSimpleSection(section.lines, section.startLine) : null;
  if (simple) return simple;
  const tree = processor.parse(section.lines.join('\n')) as Root;
  shiftLines(tree, section.startLine - 1);
  collectOpaqueLines(tree, opaque);
  return tree.children;
}

/** Lines inside code, HTML and quotes: never items, never claims. */
function collectOpaqueLines(node: Nodes, into: Set<number>): void {
  if (node.type === 'code' || node.type === 'html' || node.type === 'blockquote') {
    const start = node.position?.start.line;
    const end = node.position?.end.line;
    if (start !== undefined && end !== undefined) {
      for (let line = start; line <= end; line++) into.add(line);
    }
    return;
  }
  if ('children' in node)
    for (const child of node.children as Nodes[]) collectOpaqueLines(child, into);
}

class ChecklistBuilder {
  readonly items: ItemDraft[] = [];
  readonly errors: ParseError[] = [];
  private stack: HeadingFrame[] = [];
  private frames: HeadingFrame[] = [];
  private phaseRegex: UserRegex | null;
  private outOfScope: RegExp[];

  constructor(
    private readonly path: string,
    options: ChecklistOptions,
  ) {
    const compiled = compileUserRegex(options.phasePattern, { ignoreCase: true });
    if (compiled.error !== undefined) {
      this.errors.push({ path, line: 1, message: `Invalid phase pattern: ${compiled.error}` });
      this.phaseRegex =
        compileUserRegex(DEFAULT_CHECKLIST_OPTIONS.phasePattern, { ignoreCase: true }).regex ??
        null;
    } else {
      this.phaseRegex = compiled.regex;
    }
    this.outOfScope = options.outOfScopeTitles.map(
      (title) =>
        new RegExp(
          `^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}\\b`,
          'i',
        ),
    );
  }

  get allFrames(): HeadingFrame[] {
    return this.frames;
  }

  visit(node: RootContent): void {
    switch (node.type) {
      case 'heading':
        this.openHeading(inlineText(node), node.depth, lineOf(node));
        return;
      case 'list':
        this.visitList(node, null);
        return;
      case 'table':
        this.visitTable(node, null);
        return;
      default:
        // Paragraphs, code, HTML, quotes, rules and definitions hold no items.
        return;
    }
  }

  private openHeading(raw: string, depth: number, line: number): void {
    while ((this.stack.at(-1)?.depth ?? 0) >= depth) this.stack.pop();
    const claim = readStatusMarker(normalise(raw));
    const title = cleanTitle(claim ? claim.rest : raw);
    const match = this.phaseRegex?.exec(title) ?? null;
    const number = match ? Number.parseInt(match.groups[0] ?? '', 10) : Number.NaN;
    const phase = Number.isSafeInteger(number) ? number : null;
    const plain = title.replace(/^[\d.\s]+/, '');
    const frame: HeadingFrame = {
      id: this.frames.length,
      depth,
      title,
      line,
      phase,
      phaseStart: phase !== null && match !== null && match.index === title.search(/\S/),
      outOfScope: this.outOfScope.some((pattern) => pattern.test(plain)),
      claim,
      isDocumentTitle: this.frames.length === 0 && depth === 1,
    };
    this.frames.push(frame);
    this.stack.push(frame);
    this.cachedContext = null;
  }

  private cachedContext: ItemContext | null = null;

  /** Where new items sit; recomputed only when a heading changes the stack. */
  private context(): ItemContext {
    if (this.cachedContext) return this.cachedContext;
    const frames = [...this.stack];
    const phased = frames.findLast((frame) => frame.phase !== null);
    this.cachedContext = {
      frames,
      phase: phased?.phase ?? null,
      section: frames.filter((frame) => !frame.isDocumentTitle).map((frame) => frame.title),
      outOfScope: frames.some((frame) => frame.outOfScope),
    };
    return this.cachedContext;
  }

  private visitList(list: List, parent: number | null): void {
    const entries = list.children.map((listItem) => {
      const paragraph = firstParagraph(listItem);
      const text = paragraph ? normalise(inlineText(paragraph)) : '';
      const struck = isStruck(paragraph);
      let marker: StatusMarker | null = null;
      if (typeof listItem.checked === 'boolean') {
        marker = {
          state: listItem.checked ? 'done' : 'open',
          marker: listItem.checked ? '[x]' : '[ ]',
          rest: text,
        };
      } else {
        marker = readStatusMarker(text);
      }
      return { listItem, text: marker ? marker.rest : text, marker, struck };
    });
    const tracked = entries.some((entry) => entry.marker !== null || entry.struck);

    for (const entry of entries) {
      let line = parent;
      if (tracked) {
        line = lineOf(entry.listItem);
        let state: ItemState = entry.marker?.state ?? 'untracked';
        if (entry.struck) state = 'skipped';
        this.addItem({
          text: entry.text,
          state,
          line,
          source: entry.marker
            ? entry.marker.marker.startsWith('[')
              ? 'checkbox'
              : 'marker'
            : entry.struck
              ? 'marker'
              : 'untracked',
          marker: entry.struck ? '~~' : (entry.marker?.marker ?? null),
          parent,
        });
      }
      for (const child of entry.listItem.children) {
        if (child.type === 'list') this.visitList(child, line);
        else if (child.type === 'table') this.visitTable(child, line);
      }
    }
  }

  private visitTable(table: Table, parent: number | null): void {
    const [header, ...rows] = table.children;
    if (!header) return;
    const names = header.children.map((cell) =>
      normalise(inlineText(cell))
        .replace(/[^\p{L}]/gu, '')
        .toLowerCase(),
    );
    const statusColumn = names.findIndex(
      (name) => name === 'status' || name === 'state' || name === 'done',
    );
    if (statusColumn === -1) return;
    for (const row of rows) {
      const cells = row.children.map((cell) => normalise(inlineText(cell)));
      // The row's name is its first real text: a leading "#" or number column is not a name.
      const named = (cell: string, index: number) =>
        index !== statusColumn && cell !== '' && !/^#?\d+[.)]?$/.test(cell);
      let textColumn = cells.findIndex(named);
      if (textColumn === -1)
        textColumn = cells.findIndex((cell, index) => index !== statusColumn && cell !== '');
      const textCell = textColumn === -1 ? undefined : row.children[textColumn];
      const struck =
        textCell !== undefined && isStruck({ type: 'paragraph', children: textCell.children });
      const marker = readStatusMarker(cells[statusColumn] ?? '', { words: true });
      this.addItem({
        text: textColumn === -1 ? '' : (cells[textColumn] ?? ''),
        state: struck ? 'skipped' : (marker?.state ?? 'untracked'),
        line: lineOf(row),
        source: 'table',
        marker: struck ? '~~' : (marker?.marker ?? null),
        parent,
      });
    }
  }

  private addItem(item: Omit<ChecklistItem, 'phase' | 'section'>): void {
    const context = this.context();
    this.items.push({
      text: item.text,
      state: context.outOfScope ? 'skipped' : item.state,
      line: item.line,
      phase: context.phase,
      section: context.section,
      source: item.source,
      marker: item.marker,
      parent: item.parent,
      frames: context.frames,
    });
  }
}

function summarisePhases(
  items: ItemDraft[],
  frames: HeadingFrame[],
  implicit: boolean,
  title: string | null,
  titleLine: number,
): ChecklistPhase[] {
  const phases = new Map<number, ChecklistPhase>();
  const ensure = (number: number, phaseTitle: string, line: number, claim: ItemState | null) => {
    if (!phases.has(number)) {
      phases.set(number, {
        number,
        title: phaseTitle,
        line,
        green: false,
        tracked: false,
        claim,
        counts: emptyCounts(),
      });
    }
    return phases.get(number) as ChecklistPhase;
  };
  if (implicit) {
    ensure(1, title ?? 'Phase 1', titleLine, null);
  } else {
    // Headings that open a phase name it; a phase only mentioned in a criteria heading is
    // still a phase, titled by that mention.
    for (const frame of [
      ...frames.filter((f) => f.phaseStart),
      ...frames.filter((f) => !f.phaseStart),
    ]) {
      if (frame.phase === null) continue;
      const phaseTitle = frame.phaseStart
        ? frame.title.replace(/^\s*phase\s*\d+\s*[:.\-–—]?\s*/i, '') || frame.title
        : frame.title;
      ensure(
        frame.phase,
        phaseTitle,
        frame.line,
        frame.phaseStart ? (frame.claim?.state ?? null) : null,
      );
    }
  }
  for (const item of items) {
    if (item.phase !== null)
      ensure(item.phase, `Phase ${item.phase}`, item.line, null).counts[item.state]++;
  }
  for (const phase of phases.values()) {
    const total = Object.values(phase.counts).reduce((sum, n) => sum + n, 0);
    phase.tracked = total > 0;
    phase.green = phase.tracked && phase.counts.done + phase.counts.skipped === total;
  }
  return [...phases.values()].sort((a, b) => a.number - b.number);
}

interface Tally {
  total: number;
  unsettled: number;
  /** The first few unsettled lines, for the message. */
  lines: number[];
}

function tallyItem(tally: Tally, item: ChecklistItem): void {
  tally.total++;
  if (SETTLED.has(item.state)) return;
  tally.unsettled++;
  if (tally.lines.length < 5) tally.lines.push(item.line);
}

function describe(tally: Tally): string {
  const more = tally.unsettled > tally.lines.length ? ', …' : '';
  const plural = tally.lines.length > 1 ? 's' : '';
  return `${tally.unsettled} of ${tally.total} items are not done (line${plural} ${tally.lines.join(', ')}${more})`;
}

function findInconsistencies(items: ItemDraft[], frames: HeadingFrame[]): Inconsistency[] {
  const byFrame = new Map<number, Tally>();
  const byPhase = new Map<number, Tally>();
  const fresh = (): Tally => ({ total: 0, unsettled: 0, lines: [] });
  for (const frame of frames) {
    if (frame.claim?.state !== 'done') continue;
    if (frame.phaseStart && frame.phase !== null) byPhase.set(frame.phase, fresh());
    else byFrame.set(frame.id, fresh());
  }
  if (byFrame.size === 0 && byPhase.size === 0) return [];
  for (const item of items) {
    if (item.phase !== null) {
      const tally = byPhase.get(item.phase);
      if (tally) tallyItem(tally, item);
    }
    for (const frame of item.frames) {
      const tally = byFrame.get(frame.id);
      if (tally) tallyItem(tally, item);
    }
  }
  const found: Inconsistency[] = [];
  for (const frame of frames) {
    if (frame.claim?.state !== 'done') continue;
    const claimed = `Unexpected “${frame.claim.marker}” on “${frame.title}”`;
    const tally =
      frame.phaseStart && frame.phase !== null ? byPhase.get(frame.phase) : byFrame.get(frame.id);
    if (!tally) continue;
    if (frame.phaseStart && tally.total === 0) {
      found.push({
        line: frame.line,
        message: `${claimed}: the phase has no items to check, expected checkboxes or status markers`,
      });
    } else if (tally.unsettled > 0) {
      found.push({
        line: frame.line,
        message: `${claimed}: ${describe(tally)}, expected every item done or skipped`,
      });
    }
  }
  return found;
}

function emptyDocument(path: string): ChecklistDocument {
  return {
    path,
    title: null,
    implicitPhase: true,
    phases: [],
    items: [],
    claims: [],
    inconsistencies: [],
    repairs: [],
  };
}

/**
 * Reads a readiness document the way a careful reviewer would (SPEC §2). Never throws: any
 * string gives a model, possibly empty, and the problems met on the way.
 */
export function parseChecklist(
  source: string,
  path: string,
  options: Partial<ChecklistOptions> = {},
  internals: { fastPath?: boolean } = {},
): ParseChecklistResult {
  if (typeof source !== 'string') {
    return {
      document: emptyDocument(path),
      errors: [{ path, line: 1, message: 'Unexpected non-text input, expected markdown text' }],
    };
  }
  const settings: ChecklistOptions = { ...DEFAULT_CHECKLIST_OPTIONS, ...options };
  try {
    const { text, repairs } = repairMojibake(source.replace(/^\uFEFF/, ''));
    const builder = new ChecklistBuilder(path, settings);
    const opaque = new Set<number>();
    for (const section of splitMarkdownBlocks(text.split(/\r\n|\r|\n/))) {
      for (const node of parseSection(section, internals.fastPath ?? true, opaque))
        builder.visit(node);
    }

    const frames = builder.allFrames;
    const titleFrame = frames.find((frame) => frame.isDocumentTitle) ?? null;
    const implicit = !frames.some((frame) => frame.phase !== null);
    const items = builder.items;
    if (implicit) for (const item of items) item.phase = 1;
    const phases = summarisePhases(
      items,
      frames,
      implicit,
      titleFrame?.title ?? null,
      titleFrame?.line ?? 1,
    );

    const counts = emptyCounts();
    for (const item of items) counts[item.state]++;
    const considered = items.length - counts.skipped;
    const measured = considered > 0 ? Math.round((counts.done / considered) * 100) : null;

    const document: ChecklistDocument = {
      path,
      title: titleFrame?.title ?? null,
      implicitPhase: implicit,
      phases,
      items: items.map((item) => ({
        text: item.text,
        state: item.state,
        line: item.line,
        phase: item.phase,
        section: item.section,
        source: item.source,
        marker: item.marker,
        parent: item.parent,
      })),
      claims: findDocumentClaims(text, opaque, measured),
      inconsistencies: findInconsistencies(items, frames),
      repairs,
    };
    return { document, errors: builder.errors };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      document: emptyDocument(path),
      errors: [{ path, line: 1, message: `Could not parse the document: ${message}` }],
    };
  }
}
