import type { Nodes, Root, RootContent } from 'mdast';
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
  type StateCounts,
} from './checklist-types.js';
import { compileUserRegex, type UserRegex } from '../rules/compile-user-regex.js';
import { findDocumentClaims } from './find-document-claims.js';
import { inlineText } from './inline-text.js';
import { isSpace } from './is-space.js';
import { readStatusMarker, statusMarker, type StatusMarker } from './read-status-marker.js';
import { readDocumentTraits, readSimpleSection, type SectionNode } from './parse-simple-section.js';
import {
  readListOf,
  readTableOf,
  type ReadItem,
  type ReadList,
  type ReadTable,
} from './section-blocks.js';
import { repairMojibake } from './repair-mojibake.js';
import { findBlockStarts } from './split-markdown-blocks.js';

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
  /** "Legend", "Key": marker explanations, never items. */
  legend: boolean;
  /** "DO NOT LAUNCH IF:", "Rollback if:": conditions, never items. */
  conditions: boolean;
  /** "Phase 1 Complete When:", "Success Criteria", "Definition of Done": targets, not work. */
  goal: boolean;
  /** "Phase 1 (Weeks 1-3)": the weeks the phase spans, to place "Week 2" sections. */
  weeks: readonly [number, number] | null;
}

interface ItemContext {
  frames: HeadingFrame[];
  /** The tallies of the claimed headings among `frames`: every item placed here counts for them. */
  tallies: Tally[];
  phase: number | null;
  section: string[];
  outOfScope: boolean;
  legend: boolean;
  conditions: boolean;
  goal: boolean;
}

/** A ✅-styled bullet under a goal heading: a target, not done work. */
interface TargetDraft {
  line: number;
  anchor: number;
  anchorTitle: string;
  state: ItemState;
  marker: string;
  frames: HeadingFrame[];
  namedPhase: number | null;
  phase: number | null;
}

/** What the text just before a list says about it ("Rollback if:", "Phase 1 Complete When:"). */
interface ListLead {
  conditions: boolean;
  goal: boolean;
  phase: number | null;
  line: number;
  title: string;
}

/** Nesting deeper than this (lists, quotes) is an error, not a stack overflow. */
export const MAX_NESTING = 100;
/** Longer lines are an error, not read: the longest line of a real readiness document is a few hundred characters. */
export const MAX_LINE_LENGTH = 10_000;
/**
 * Containers (quotes, list items) opened on one line: micromark's cost per line grows with them,
 * and a real document opens two or three (`> - [ ] item`).
 */
export const MAX_LINE_CONTAINERS = 8;
/** A run of prose lines longer than this is cut: micromark is superlinear on one long paragraph. */
export const MAX_PARAGRAPH_LENGTH = 10_000;
/** Phase numbers are small integers; a 20-digit "phase" is an error. */
export const MAX_PHASE = 1000;

const LEGEND = /^(?:legend|key|status key|status legend|symbols?|icons?|emoji key|markers?)\b/i;
const CONDITION_END = /\b(?:if|when|unless)\s*:?\s*$/i;
const CONDITION_WORD =
  /\b(?:do not|don'?t|no[- ]?go|not|never|rollback|roll back|roll-back|abort|stop|halt|blockers?|block|fail|cancel|escalate|page|revert)\b/i;
const GOAL =
  /(?:\bcomplete[d]? when\b|\bsign[- ]?off criteria\b|\bdone when\b|\bsuccess criteria\b|\bdefinition of done\b|\bexit criteria\b|\bcompletion criteria\b|^targets?\b|^goals?\b|\btarget state\b)/i;
// The default pattern is ours and linear as a native regex; user patterns go through RE2.
const DEFAULT_PHASE = /\bphase\s*(\d+)[a-z]?\b/i;
/**
 * Whether `word` (lower-case ASCII letters) appears in `input` in any case. Case-insensitive
 * patterns such as DEFAULT_PHASE open with `\b` and are tried at every position; most text names
 * no phase or week. Without the `u` flag only ASCII letters fold to ASCII ones, so comparing
 * codes with bit 5 set is exact.
 */
function mentionsWord(input: string, word: string): boolean {
  const first = word.charCodeAt(0);
  for (let at = 0; at + word.length <= input.length; at++) {
    if ((input.charCodeAt(at) | 32) !== first) continue;
    let k = 1;
    while (k < word.length && (input.charCodeAt(at + k) | 32) === word.charCodeAt(k)) k++;
    if (k === word.length) return true;
  }
  return false;
}

function mentionsPhase(input: string): boolean {
  return mentionsWord(input, 'phase');
}

/** `text.replace(/^[\d.\s]+/, '')`: a heading's section number dropped. */
function dropSectionNumber(text: string): string {
  let at = 0;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (!((code >= 48 && code <= 57) || code === 46 || isSpace(code))) break;
    at++;
  }
  return at === 0 ? text : text.slice(at);
}
const DEFAULT_PHASE_REGEX: UserRegex = {
  source: DEFAULT_CHECKLIST_OPTIONS.phasePattern,
  test: (input) => mentionsPhase(input) && DEFAULT_PHASE.test(input),
  exec: (input) => {
    const match = mentionsPhase(input) ? DEFAULT_PHASE.exec(input) : null;
    return match ? { index: match.index, match: match[0], groups: match.slice(1) } : null;
  },
};
const LABEL_LINE = /^[^:]{1,60}:(?:\s|$)/;
// "All Phase 1 tasks complete": true exactly when the phase is, so its box never decides it.
const DERIVED =
  /^(?:all\s+(?:of\s+)?(?:the\s+)?)?phase\s*\d+[a-z]?\b(?:\s+(?:items?|tasks?|work|deliverables?|blockers?|fixes|requirements?))?\s+(?:(?:are|is)\s+)?(?:complete[d]?|done|finished|green)\b/i;
const CRITERION = /\b(?:complete[d]?|done|finished|tasks?|sign(?:ed)?[- ]?off|green|items)\b/i;
const WEEKS = /\bweeks?\s*(\d{1,3})(?:\s*(?:-|–|—|to)\s*(\d{1,3}))?/i;
// Regexes used per line, item or cell live here: a literal in a function body builds a new
// RegExp object every time it runs.
const DIGIT = /\d/;
const NOT_SPACE = /\S/;
const SPACES = /\s+/g;
const NOT_LETTERS = /[^\p{L}]/gu;
const ROW_NUMBER = /^#?\d+[.)]?$/;
const MARKUP = /[*_`~#>]/g;
const ENDS_IN_COLON = /:\s*$/;
const CHECK_HEADER = /^[✓✔☑]\uFE0F?$/;
const PHASE_PREFIX = /^\s*phase\s*\d+[a-z]?\s*[:.\-–—]?\s*/i;

/**
 * A lead ends in ":" or in "if", "when", "unless" once markup and spaces are gone: its last such
 * character is cheap to find, and most paragraphs are prose that ends otherwise.
 */
function mayLead(raw: string): boolean {
  let at = raw.length - 1;
  while (at >= 0 && (isSpace(raw.charCodeAt(at)) || '*_`~#>'.includes(raw[at] as string))) at--;
  return at >= 0 && ':fFnNsS'.includes(raw[at] as string);
}

function isCondition(text: string): boolean {
  // CONDITION_END is tried at every position of the text; its last letter rules most text out.
  let at = text.length - 1;
  while (at >= 0 && isSpace(text.charCodeAt(at))) at--;
  if (text[at] === ':') at--;
  while (at >= 0 && isSpace(text.charCodeAt(at))) at--;
  if (at < 0 || !'fFnNsS'.includes(text[at] as string)) return false;
  return CONDITION_END.test(text) && CONDITION_WORD.test(text);
}

export interface ParseChecklistResult {
  document: ChecklistDocument;
  errors: ParseError[];
}

const NUMERIC = /^[\d\s.,:%/<>=≥≤~+\-–—×x]+(?:ms|s|h|d|k|m|mb|gb)?$/i;
const STATUS_HEADERS: ReadonlySet<string> = new Set([
  'status',
  'state',
  'done',
  'result',
  'results',
  'complete',
  'completed',
  'yesno',
  'yesnowip',
  'currentstatus',
]);
const ITEM_HEADERS: ReadonlySet<string> = new Set([
  'item',
  'items',
  'feature',
  'features',
  'task',
  'tasks',
  'check',
  'checks',
  'checklist',
  'checklistitem',
  'requirement',
  'requirements',
  'description',
  'deliverable',
  'deliverables',
  // Headers real readiness tables name their items by.
  'component',
  'components',
  'name',
  'control',
  'metric',
  'runbook',
  'document',
  'certification',
  'capability',
  'service',
  'step',
  'milestone',
  'risk',
]);
const CATEGORY_HEADERS: ReadonlySet<string> = new Set([
  'category',
  'area',
  'domain',
  'section',
  'group',
  'type',
  'priority',
  'pillar',
  'theme',
]);

/** A header cell's letters in lower case ("Current Status" → "currentstatus"). */
function headerName(cell: string): string {
  // Headers are mostly ASCII words and spaces: the Unicode-aware regex only for the rest.
  for (let at = 0; at < cell.length; at++) {
    const code = cell.charCodeAt(at) | 32;
    if (!(code >= 97 && code <= 122) && cell.charCodeAt(at) !== 32)
      return cell.replace(NOT_LETTERS, '').toLowerCase();
  }
  return cell.includes(' ') ? cell.replaceAll(' ', '').toLowerCase() : cell.toLowerCase();
}

const WITH_WORDS = { words: true } as const;

function lineOf(node: { position?: { start: { line: number } } }): number {
  return node.position?.start.line ?? 1;
}

/** `/^[=:]/.test(text.slice(from).trimStart())` without the copies. */
function explainsMarker(text: string, from: number): boolean {
  let at = from;
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return text[at] === '=' || text[at] === ':';
}

/** `text.trim() === ''` without the copy. */
function isBlank(text: string): boolean {
  for (let at = 0; at < text.length; at++) if (!isSpace(text.charCodeAt(at))) return false;
  return true;
}

/**
 * `/\s\s|[^\S ]/.test(text)` by code unit: two `\s` in a row, or one other than a space. This runs
 * for every item, cell and heading, most of which hold single spaces only.
 */
function hasSpaceRun(text: string): boolean {
  let previous = false;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 32) {
      if (previous) return true;
      previous = true;
    } else if (isSpace(code)) {
      return true;
    } else {
      previous = false;
    }
  }
  return false;
}

function normalise(text: string): string {
  if (hasSpaceRun(text)) return text.replace(SPACES, ' ').trim();
  // Only single spaces: trim has something to do only at a space at either end.
  const last = text.length - 1;
  return last >= 0 && (text.charCodeAt(0) === 32 || text.charCodeAt(last) === 32)
    ? text.trim()
    : text;
}

/** "Phase 1: Critical Fixes (1-2 days)" → "Phase 1: Critical Fixes". */
function cleanTitle(text: string): string {
  // Trailing groups are peeled from the end: `(\s*\([^()]*\))+$` rescans them from every "(".
  let title = normalise(text);
  while (title.endsWith(')')) {
    const open = title.lastIndexOf('(');
    if (open === -1 || title.indexOf(')', open) !== title.length - 1) break;
    title = title.slice(0, open).trimEnd();
  }
  return title.trim();
}

function shiftLines(node: Nodes, by: number): void {
  if (node.position) {
    node.position.start.line += by;
    node.position.end.line += by;
  }
  if ('children' in node) for (const child of node.children as Nodes[]) shiftLines(child, by);
}

/**
 * The blocks of one section as remark reads them. Sections are parsed one by one because
 * micromark slows down more than linearly on one large input; positions are shifted back to
 * lines of the whole document.
 */
function parseSectionWithRemark(
  lines: readonly string[],
  from: number,
  to: number,
  opaque: Set<number>,
): RootContent[] {
  const tree = processor.parse(lines.slice(from, to).join('\n')) as Root;
  shiftLines(tree, from);
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

/** A task box's state, the same for every item (the text is the item's own). */
const BOX_DONE = statusMarker('done', '[x]', '');
const BOX_OPEN = statusMarker('open', '[ ]', '');

/** ListEntries flags: the item is struck through; the item is skipped (legend or condition). */
const STRUCK = 1;
const SKIP = 2;

/**
 * What the builder reads of a list's items, by slot: the items of a list being visited take
 * the slots from the list's base on, and a list nested in it the slots after them. One set of
 * arrays per parse rather than an entry object per item and an array per list.
 */
class ListEntries {
  texts: string[] = [];
  markers: Array<StatusMarker | null> = [];
  flags: number[] = [];
  /** The first free slot. */
  top = 0;

  /** Reads `item` into `slot`. */
  read(item: ReadItem, slot: number): void {
    const text = normalise(item.text);
    const boxed = item.checked !== null;
    const marker = boxed ? (item.checked ? BOX_DONE : BOX_OPEN) : readStatusMarker(text);
    // "✅ = Task is complete", "⏳: in progress": a legend line explains a marker.
    const legend =
      marker !== null &&
      !boxed &&
      !marker.marker.startsWith('[') &&
      text.startsWith(marker.marker) &&
      explainsMarker(text, marker.marker.length);
    this.texts[slot] = marker !== null && !boxed ? marker.rest : text;
    this.markers[slot] = legend ? null : marker;
    this.flags[slot] = (item.struck ? STRUCK : 0) | (legend || isCondition(text) ? SKIP : 0);
  }
}

/** A cell that names something: not the status, not empty, not a row number ("3", "#3", "3."). */
function isNamed(cell: string, column: number, statusColumn: number): boolean {
  return column !== statusColumn && cell !== '' && !ROW_NUMBER.test(cell);
}

/** The first column (but `skip`) whose cell names something, or -1. */
function firstNamed(cells: readonly string[], statusColumn: number, skip: number): number {
  for (let column = 0; column < cells.length; column++)
    if (column !== skip && isNamed(cells[column] as string, column, statusColumn)) return column;
  return -1;
}

/** Whether a column's words (numbers aside) repeat down the rows, as a category's do. */
function repeatsDown(grid: ReadonlyArray<readonly string[]>, column: number): boolean {
  const seen = new Set<string>();
  for (let row = 0; row < grid.length; row++) {
    const value = (grid[row] as readonly string[])[column] ?? '';
    if (value === '' || NUMERIC.test(value)) continue;
    if (seen.has(value)) return true;
    seen.add(value);
  }
  return false;
}

class ChecklistBuilder {
  readonly items: ChecklistItem[] = [];
  /**
   * The headings above the items, by runs: the items from `runStarts[k]` on (up to the next
   * run) sit under `runFrames[k]`. Items come in runs under one heading; two arrays with an
   * entry per item cost two pushes an item for a look-up most documents never make.
   */
  readonly runStarts: number[] = [];
  readonly runFrames: HeadingFrame[][] = [];
  private runContext: ItemContext | null = null;
  /** The phase an item's own text (or its lead) names, by item index, when it names one. */
  readonly itemNamed = new Map<number, number>();
  readonly errors: ParseError[] = [];
  readonly targets: TargetDraft[] = [];
  /** "[x] All Phase 1 tasks complete": checked against the phase instead of counted. */
  readonly derived: Array<{
    line: number;
    state: ItemState;
    marker: string | null;
    phase: number;
    text: string;
  }> = [];
  private stack: HeadingFrame[] = [];
  private frames: HeadingFrame[] = [];
  /**
   * Per frame (same index), the tally of a heading claiming done, or null: items are counted
   * as they are placed, by the hot addItem, rather than by a pass over every item's headings
   * after the parse, which a fresh process runs only once and so mostly uncompiled.
   */
  readonly frameTallies: Array<Tally | null> = [];
  /** The items' states, counted as they are placed. */
  readonly counts: StateCounts = emptyCounts();
  private lead: ListLead | null = null;
  private readonly entries = new ListEntries();
  private phaseRegex: UserRegex | null;
  private outOfScope: RegExp[];
  /** The first letters of the out-of-scope titles in lower case, when they all open with one. */
  private outOfScopeFirst: ReadonlySet<number> | null;

  constructor(
    private readonly path: string,
    options: ChecklistOptions,
    private readonly lines: readonly string[],
  ) {
    const compiled =
      options.phasePattern === DEFAULT_CHECKLIST_OPTIONS.phasePattern
        ? { regex: DEFAULT_PHASE_REGEX }
        : compileUserRegex(options.phasePattern, { ignoreCase: true });
    if (compiled.error !== undefined) {
      this.errors.push({ path, line: 1, message: `Invalid phase pattern: ${compiled.error}` });
      this.phaseRegex =
        compileUserRegex(DEFAULT_CHECKLIST_OPTIONS.phasePattern, { ignoreCase: true }).regex ??
        null;
    } else {
      this.phaseRegex = compiled.regex;
    }
    this.outOfScopeFirst = options.outOfScopeTitles.every((title) => /^[A-Za-z]/.test(title))
      ? new Set(options.outOfScopeTitles.map((title) => title.charCodeAt(0) | 32))
      : null;
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

  visit(node: SectionNode): void {
    const lead = this.lead;
    this.lead = null;
    switch (node.type) {
      case 'readHeading':
        this.openHeading(node.text, node.depth, node.line);
        return;
      case 'readParagraph':
        this.lead = this.readLead(node.start, node.end);
        return;
      case 'heading':
        this.openHeading(inlineText(node), node.depth, lineOf(node));
        return;
      case 'readList':
        this.visitList(node, null, lead, 1);
        return;
      case 'readTable':
        if (!lead?.conditions) this.visitTable(node, null);
        return;
      case 'list':
        // remark's lists and tables, converted: the builder walks one shape.
        this.visitList(readListOf(node), null, lead, 1);
        return;
      case 'table':
        if (!lead?.conditions) this.visitTable(readTableOf(node), null);
        return;
      case 'paragraph':
        this.lead =
          node.position === undefined
            ? null
            : this.readLead(node.position.start.line, node.position.end.line);
        return;
      default:
        // Code, HTML, quotes, rules and definitions hold no items.
        return;
    }
  }

  /** What a paragraph on lines `start..end` says, read from its source lines. */
  private readLead(start: number, end: number): ListLead | null {
    // Most paragraphs are one line: that line, not a copy joined from a slice.
    const first = Math.max(start, end - 2);
    const raw =
      first === end ? (this.lines[end - 1] as string) : this.lines.slice(first - 1, end).join(' ');
    if (raw.length > 2000 || !mayLead(raw)) return null;
    const text = normalise(raw.replace(MARKUP, ''));
    const conditions = isCondition(text);
    const goal = !conditions && GOAL.test(text) && ENDS_IN_COLON.test(text);
    if (!conditions && !goal) return null;
    return { conditions, goal, phase: goal ? this.phaseIn(text) : null, line: end, title: text };
  }

  private phaseIn(text: string): number | null {
    // A phase number is digits: text without any is not worth the linear-time engine.
    const match = DIGIT.test(text) ? (this.phaseRegex?.exec(text) ?? null) : null;
    if (!match) return null;
    const number = Number.parseInt(match.groups[0] ?? '', 10);
    return Number.isSafeInteger(number) && number <= MAX_PHASE ? number : null;
  }

  private openHeading(raw: string, depth: number, line: number): void {
    while ((this.stack.at(-1)?.depth ?? 0) >= depth) this.stack.pop();
    const clean = normalise(raw);
    const claim = readStatusMarker(clean);
    const title = cleanTitle(claim ? claim.rest : raw);
    const match = DIGIT.test(title) ? (this.phaseRegex?.exec(title) ?? null) : null;
    const digits = match?.groups[0] ?? '';
    const number = match ? Number.parseInt(digits, 10) : Number.NaN;
    let phase = Number.isSafeInteger(number) && number <= MAX_PHASE ? number : null;
    if (match && phase === null && digits !== '') {
      this.errors.push({
        path: this.path,
        line,
        message: `Unexpected phase number “${digits.slice(0, 30)}${digits.length > 30 ? '…' : ''}” in a heading, expected a small integer (at most ${MAX_PHASE})`,
      });
    }
    const plain = dropSectionNumber(title);
    const weekMatch = mentionsWord(clean, 'week') ? WEEKS.exec(clean) : null;
    const weeks =
      weekMatch && phase !== null
        ? ([Number(weekMatch[1]), Number(weekMatch[2] ?? weekMatch[1])] as const)
        : null;
    const phaseStart = phase !== null && match !== null && match.index === title.search(NOT_SPACE);
    if (
      phase === null &&
      weekMatch &&
      !this.stack.some((frame) => frame.phase !== null && !frame.isDocumentTitle)
    ) {
      // "Week 2 Progress" outside any phase belongs to the phase that spans week 2.
      const week = Number(weekMatch[1]);
      const spanning = this.frames.find(
        (frame) => frame.weeks !== null && frame.weeks[0] <= week && week <= frame.weeks[1],
      );
      if (spanning) phase = spanning.phase;
    }
    const frame: HeadingFrame = {
      id: this.frames.length,
      depth,
      title,
      line,
      phase,
      phaseStart,
      outOfScope:
        (this.outOfScopeFirst?.has(plain.charCodeAt(0) | 32) ?? true) && this.isOutOfScope(plain),
      claim,
      isDocumentTitle: this.frames.length === 0 && depth === 1,
      legend: LEGEND.test(plain),
      conditions: isCondition(title),
      goal: GOAL.test(plain),
      weeks,
    };
    this.frames.push(frame);
    this.frameTallies.push(claim?.state === 'done' ? newTally() : null);
    this.stack.push(frame);
    this.cachedContext = null;
  }

  private isOutOfScope(title: string): boolean {
    for (let at = 0; at < this.outOfScope.length; at++)
      if ((this.outOfScope[at] as RegExp).test(title)) return true;
    return false;
  }

  private cachedContext: ItemContext | null = null;

  /** Where new items sit; recomputed only when a heading changes the stack. */
  private context(): ItemContext {
    if (this.cachedContext) return this.cachedContext;
    const frames = this.stack.slice();
    // Only the first heading can be the document's title: the section is the titles after it,
    // in an array of their number (one grown by push holds 17 slots).
    const skip = frames.length > 0 && (frames[0] as HeadingFrame).isDocumentTitle ? 1 : 0;
    const section = new Array<string>(frames.length - skip);
    for (let at = skip; at < frames.length; at++)
      section[at - skip] = (frames[at] as HeadingFrame).title;
    let claimed = 0;
    for (let at = 0; at < frames.length; at++)
      if (this.frameTallies[(frames[at] as HeadingFrame).id]) claimed++;
    const tallies = new Array<Tally>(claimed);
    claimed = 0;
    for (let at = 0; at < frames.length; at++) {
      const tally = this.frameTallies[(frames[at] as HeadingFrame).id];
      if (tally) tallies[claimed++] = tally;
    }
    const context: ItemContext = {
      frames,
      tallies,
      phase: null,
      section,
      outOfScope: false,
      legend: false,
      conditions: false,
      goal: false,
    };
    for (const frame of frames) {
      if (frame.phase !== null) context.phase = frame.phase;
      context.outOfScope ||= frame.outOfScope;
      context.legend ||= frame.legend;
      context.conditions ||= frame.conditions;
      context.goal ||= frame.goal;
    }
    this.cachedContext = context;
    return context;
  }

  private visitList(
    list: ReadList,
    parent: number | null,
    lead: ListLead | null,
    depth: number,
  ): void {
    const context = this.context();
    if (context.legend || context.conditions || lead?.conditions) return;
    if (depth > MAX_NESTING) {
      this.errors.push({
        path: this.path,
        line: list.line,
        message: `Unexpected list nested deeper than ${MAX_NESTING} levels, expected at most ${MAX_NESTING}`,
      });
      return;
    }
    const goal = context.goal || lead?.goal === true;
    // The items read into slots from `base` on (lists nested in them take the slots after),
    // in loops: the same kinds of arrays whichever tier runs this.
    const children = list.items;
    const entries = this.entries;
    const base = entries.top;
    entries.top = base + children.length;
    let tracked = false;
    // In "**File:** x / **Fix:** ✅ y" lists only the labelled status is an item; the other
    // labelled lines are fields of it, not untracked work.
    let labelled = false;
    for (let at = 0; at < children.length; at++) {
      entries.read(children[at] as ReadItem, base + at);
      const marker = entries.markers[base + at] as StatusMarker | null;
      const flags = entries.flags[base + at] as number;
      if ((flags & SKIP) === 0 && (marker !== null || (flags & STRUCK) !== 0)) tracked = true;
      if (marker?.label === true) labelled = true;
    }

    for (let at = 0; at < children.length; at++) {
      const item = children[at] as ReadItem;
      const text = entries.texts[base + at] as string;
      const marker = entries.markers[base + at] as StatusMarker | null;
      const flags = entries.flags[base + at] as number;
      const struck = (flags & STRUCK) !== 0;
      if ((flags & SKIP) !== 0) continue;
      if (labelled && marker === null && !struck && LABEL_LINE.test(text)) continue;
      let line = parent;
      const isTarget = goal && marker !== null && !marker.marker.startsWith('[');
      if (isTarget && marker) {
        this.targets.push({
          line: item.line,
          anchor: lead?.line ?? context.frames.at(-1)?.line ?? 1,
          anchorTitle: lead?.title ?? context.frames.at(-1)?.title ?? '',
          state: marker.state,
          marker: marker.marker,
          frames: context.frames,
          namedPhase: lead?.phase ?? null,
          phase: null,
        });
      } else if (tracked) {
        line = item.line;
        let state: ItemState = marker?.state ?? 'untracked';
        if (struck) state = 'skipped';
        this.addItem(
          text,
          state,
          line,
          marker
            ? marker.marker.startsWith('[')
              ? 'checkbox'
              : 'marker'
            : struck
              ? 'marker'
              : 'untracked',
          struck ? '~~' : (marker?.marker ?? null),
          parent,
          lead?.phase ?? null,
          '',
        );
      }
      const childLead: ListLead | null = isCondition(text)
        ? { conditions: true, goal: false, phase: null, line: item.line, title: '' }
        : lead;
      const nested = item.nested;
      if (nested === null) continue;
      for (let index = 0; index < nested.length; index++) {
        const child = nested[index] as ReadList | ReadTable;
        if (child.type === 'readList') this.visitList(child, line, childLead, depth + 1);
        else this.visitTable(child, line);
      }
    }
    entries.top = base;
  }

  private visitTable(table: ReadTable, parent: number | null): void {
    const context = this.context();
    if (context.legend || context.conditions) return;
    const header = table.header;
    // Loops into arrays of their size rather than map/findIndex/forEach with closures: this
    // runs for every table, and the compiled builtins made arrays of another kind than the
    // interpreter, deoptimizing the code that read them.
    const width = header.length;
    const names = new Array<string>(width);
    let statusColumn = -1;
    for (let column = 0; column < width; column++) {
      const cell = normalise(header[column] as string);
      names[column] = headerName(cell);
      if (
        statusColumn === -1 &&
        (STATUS_HEADERS.has(names[column] as string) || CHECK_HEADER.test(cell))
      )
        statusColumn = column;
    }
    if (statusColumn === -1) return;
    const rowCount = table.rows.length;
    const grid = new Array<string[]>(rowCount);
    const markers = new Array<StatusMarker | null>(rowCount);
    let marked = false;
    for (let row = 0; row < rowCount; row++) {
      // The row's texts normalised in place: the table is read once, and its rows are ours.
      const cells = table.rows[row] as string[];
      for (let column = 0; column < cells.length; column++)
        cells[column] = normalise(cells[column] as string);
      grid[row] = cells;
      const marker = readStatusMarker(cells[statusColumn] ?? '', WITH_WORDS);
      markers[row] = marker;
      if (marker !== null) marked = true;
    }
    // A "Status" column of HTTP codes, times or owners does not make a table tracked.
    if (!marked) return;

    let itemColumn = -1;
    for (let column = 0; column < width && itemColumn === -1; column++)
      if (column !== statusColumn && ITEM_HEADERS.has(names[column] as string)) itemColumn = column;
    // Without an item column, the first text column, unless it is a category that repeats
    // across rows ("Security", "Security", ...): then the longest text beside it.
    let categoryColumn = -1;
    for (let column = 0; column < width && categoryColumn === -1; column++) {
      if (
        column !== statusColumn &&
        column !== itemColumn &&
        (CATEGORY_HEADERS.has(names[column] as string) || itemColumn === -1) &&
        repeatsDown(grid, column)
      )
        categoryColumn = column;
    }

    // Without an item column, the most descriptive column: the one left of the status with the
    // longest cells on average, a category aside; chosen once per table, not per row.
    let descriptive = itemColumn;
    if (descriptive === -1) {
      let best = 0;
      const limit = statusColumn > 0 ? statusColumn : names.length;
      for (let column = 0; column < limit; column++) {
        if (column === statusColumn || column === categoryColumn) continue;
        let total = 0;
        for (let row = 0; row < rowCount; row++) {
          const cell = (grid[row] as string[])[column] ?? '';
          // Numbers, percentages and times describe nothing.
          if (isNamed(cell, column, statusColumn) && !NUMERIC.test(cell)) total += cell.length;
        }
        if (total > best) {
          best = total;
          descriptive = column;
        }
      }
    }

    for (let row = 0; row < rowCount; row++) {
      const cells = grid[row] as string[];
      let textColumn =
        descriptive !== -1 && isNamed(cells[descriptive] ?? '', descriptive, statusColumn)
          ? descriptive
          : -1;
      if (textColumn === -1) textColumn = firstNamed(cells, statusColumn, categoryColumn);
      if (textColumn === -1) textColumn = firstNamed(cells, statusColumn, -1);
      if (textColumn === -1) {
        for (let column = 0; column < cells.length && textColumn === -1; column++)
          if (column !== statusColumn && cells[column] !== '') textColumn = column;
      }
      const struck =
        table.struck !== null &&
        textColumn !== -1 &&
        (table.struck[row] as boolean[])[textColumn] === true;
      const marker = markers[row] ?? null;
      // A category before the item ("Security | Rotate leaked keys") is its context.
      const category =
        categoryColumn !== -1 && categoryColumn < textColumn ? (cells[categoryColumn] ?? '') : '';
      this.addItem(
        textColumn === -1 ? '' : (cells[textColumn] ?? ''),
        struck ? 'skipped' : (marker?.state ?? 'untracked'),
        table.rowLines[row] as number,
        'table',
        struck ? '~~' : (marker?.marker ?? null),
        parent,
        null,
        category,
      );
    }
  }

  /**
   * Places an item: its phase and section from the headings above it, its context, if any,
   * added last. Items are built here, by one literal, rather than by each visitor: the engine
   * moves objects that outlive a parse out of the young generation by allocation site, and
   * recompiles the functions holding that site when it does; this one is small.
   */
  private addItem(
    text: string,
    state: ItemState,
    line: number,
    source: ChecklistItem['source'],
    marker: string | null,
    parent: number | null,
    leadPhase: number | null,
    category: string,
  ): void {
    const context = this.context();
    // "[ ] All Phase 1 tasks complete" elsewhere is a criterion of phase 1.
    const named =
      leadPhase ?? (DIGIT.test(text) && CRITERION.test(text) ? this.phaseIn(text) : null);
    if (named !== null && DERIVED.test(text)) {
      this.derived.push({ line, state, marker, phase: named, text });
      return;
    }
    const item: ChecklistItem = {
      text,
      state: context.outOfScope ? 'skipped' : state,
      line,
      phase: named ?? context.phase,
      section: context.section,
      source,
      marker,
      parent,
    };
    if (category) item.context = category;
    for (let at = 0; at < context.tallies.length; at++)
      tallyItem(context.tallies[at] as Tally, item);
    this.counts[item.state]++;
    this.items.push(item);
    const index = this.items.length - 1;
    if (context !== this.runContext) {
      this.runContext = context;
      this.runStarts.push(index);
      this.runFrames.push(context.frames);
    }
    if (named !== null) this.itemNamed.set(index, named);
  }
}

/** The phase of the innermost heading that has one. */
function lastPhase(frames: readonly HeadingFrame[]): number | null {
  for (let at = frames.length - 1; at >= 0; at--) {
    const phase = (frames[at] as HeadingFrame).phase;
    if (phase !== null) return phase;
  }
  return null;
}

function countPhaseItems(
  items: readonly ChecklistItem[],
  phases: Map<number, ChecklistPhase>,
  ensure: (number: number, title: string, line: number, claim: null) => ChecklistPhase,
): void {
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as ChecklistItem;
    if (item.phase !== null)
      (phases.get(item.phase) ?? ensure(item.phase, `Phase ${item.phase}`, item.line, null)).counts[
        item.state
      ]++;
  }
}

function summarisePhases(
  items: ChecklistItem[],
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
        ? frame.title.replace(PHASE_PREFIX, '') || frame.title
        : frame.title;
      ensure(
        frame.phase,
        phaseTitle,
        frame.line,
        frame.phaseStart ? (frame.claim?.state ?? null) : null,
      );
    }
  }
  countPhaseItems(items, phases, ensure);
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
  /** describe(tally), once: every heading of a phase shares its tally. */
  described: string | null;
  /** The first few unsettled lines, for the message: "12, 14" (kept as text, not an array). */
  lines: string;
}

function newTally(): Tally {
  return { total: 0, unsettled: 0, described: null, lines: '' };
}

/** How many unsettled lines a message lists. */
const LISTED_LINES = 5;

function tallyItem(tally: Tally, item: ChecklistItem): void {
  tally.total++;
  if (item.state === 'done' || item.state === 'skipped') return;
  tally.unsettled++;
  if (tally.unsettled <= LISTED_LINES)
    tally.lines = tally.unsettled === 1 ? String(item.line) : `${tally.lines}, ${item.line}`;
}

function describe(tally: Tally): string {
  const listed = Math.min(tally.unsettled, LISTED_LINES);
  const more = tally.unsettled > listed ? ', …' : '';
  const plural = listed > 1 ? 's' : '';
  return `${tally.unsettled} of ${tally.total} items are not done (line${plural} ${tally.lines}${more})`;
}

/** Counts every item for its phase's claim. */
function tallyPhases(items: readonly ChecklistItem[], byPhase: ReadonlyMap<number, Tally>): void {
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as ChecklistItem;
    if (item.phase === null) continue;
    const tally = byPhase.get(item.phase);
    if (tally) tallyItem(tally, item);
  }
}

/**
 * Headings that claim done over items that are not: a phase heading ("Phase 1 ✅") for the
 * items of its phase, any other heading for the items under it (`frameTallies`, counted while
 * the items were placed).
 */
function findInconsistencies(
  items: ChecklistItem[],
  frames: HeadingFrame[],
  frameTallies: ReadonlyArray<Tally | null>,
): Inconsistency[] {
  const byPhase = new Map<number, Tally>();
  for (let at = 0; at < frames.length; at++) {
    const frame = frames[at] as HeadingFrame;
    if (frame.claim?.state === 'done' && frame.phaseStart && frame.phase !== null)
      byPhase.set(frame.phase, newTally());
  }
  if (byPhase.size > 0) tallyPhases(items, byPhase);
  const found: Inconsistency[] = [];
  for (let at = 0; at < frames.length; at++) {
    const frame = frames[at] as HeadingFrame;
    if (frame.claim?.state !== 'done') continue;
    const tally =
      frame.phaseStart && frame.phase !== null ? byPhase.get(frame.phase) : frameTallies[frame.id];
    if (!tally) continue;
    const empty = frame.phaseStart && tally.total === 0;
    if (!empty && tally.unsettled === 0) continue;
    // The description is built once per tally and shared by the messages that end with it.
    const why = empty
      ? 'the phase has no items to check, expected checkboxes or status markers'
      : (tally.described ??= `${describe(tally)}, expected every item done or skipped`);
    found.push({
      line: frame.line,
      message: `Unexpected “${frame.claim.marker}” on “${frame.title}”: ${why}`,
    });
  }
  return found;
}

/**
 * Goals styled with ✅ while the phase's tasks are open are targets, not done work: the
 * contradiction is reported once per goal list, and targets never count for a phase.
 */
function findTargetContradictions(
  targets: TargetDraft[],
  phases: ChecklistPhase[],
): Inconsistency[] {
  const found: Inconsistency[] = [];
  const seen = new Set<number>();
  for (const target of targets) {
    if (target.state !== 'done' || target.phase === null || seen.has(target.anchor)) continue;
    const phase = phases.find((p) => p.number === target.phase);
    if (phase?.green) continue;
    seen.add(target.anchor);
    const open = phase
      ? Object.values(phase.counts).reduce((sum, n) => sum + n, 0) -
        phase.counts.done -
        phase.counts.skipped
      : 0;
    const why = phase?.tracked ? `${open} of its items are not done` : 'it has no tasks to check';
    found.push({
      line: target.anchor,
      message: `Unexpected “${target.marker}” on the targets under “${target.anchorTitle}”: Phase ${target.phase} is not done (${why}), expected targets marked met only when the phase's tasks are done`,
    });
  }
  return found;
}

/**
 * Blanks lines nested deeper than MAX_NESTING (quotes, list markers, indentation) so that no
 * reader recurses without bound; each one is an error at its line.
 */
function capNesting(lines: string[], path: string): ParseError[] {
  const errors: ParseError[] = [];
  const report = (index: number, message: string) => {
    if (errors.length < 20) errors.push({ path, line: index + 1, message });
    lines[index] = '';
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.length === 0) continue;
    // micromark slows down more than linearly on some long lines (brackets, `[a](`), and no
    // readiness item is this long.
    if (line.length > MAX_LINE_LENGTH) {
      report(
        index,
        `Unexpected line of ${line.length} characters, expected at most ${MAX_LINE_LENGTH} (the line is not read)`,
      );
      continue;
    }
    const first = line.charCodeAt(0);
    // ' ', '\t', '>', '-', '*', '+', a digit
    if (
      first !== 32 &&
      first !== 9 &&
      first !== 62 &&
      first !== 45 &&
      first !== 42 &&
      first !== 43 &&
      !(first >= 48 && first <= 57)
    )
      continue;
    let depth = 0;
    let spaces = 0;
    let markers = 0;
    for (let at = 0; at < line.length; at++) {
      const char = line.charCodeAt(at);
      if (char === 32) spaces++;
      else if (char === 9) spaces += 4;
      else if (char === 62) {
        depth++;
        markers++;
      } else if (char === 45 || char === 42 || char === 43) {
        // A list marker is followed by a space; "-----" is a rule, not nesting.
        const next = line.charCodeAt(at + 1);
        if (next !== 32 && next !== 9 && !Number.isNaN(next)) break;
        depth++;
        markers++;
      } else if (char >= 48 && char <= 57) {
        // An ordered marker, `1.` or `1)`, also opens a level ("1. 1. 1. >>>").
        let end = at;
        while (
          end < line.length &&
          end - at < 10 &&
          line.charCodeAt(end) >= 48 &&
          line.charCodeAt(end) <= 57
        )
          end++;
        const mark = line.charCodeAt(end);
        const next = line.charCodeAt(end + 1);
        if (end - at > 9 || (mark !== 46 && mark !== 41)) break;
        if (next !== 32 && next !== 9 && !Number.isNaN(next)) break;
        depth++;
        markers++;
        at = end;
      } else break;
    }
    depth += Math.floor(spaces / 2);
    if (depth > MAX_NESTING) {
      report(
        index,
        `Unexpected nesting ${depth} levels deep, expected at most ${MAX_NESTING} (the line is not read)`,
      );
    } else if (markers > MAX_LINE_CONTAINERS) {
      report(
        index,
        `Unexpected ${markers} quotes and list markers opening one line, expected at most ${MAX_LINE_CONTAINERS} (the line is not read)`,
      );
    }
  }
  return errors;
}

/** A line that cannot continue a paragraph: its own block, or a new list item. */
const BLOCK_BREAK = /^[ >]*(?:[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|#|\||```|~~~)/;

/**
 * BLOCK_BREAK.test(line), its common cases read by hand: past the quotes and spaces, "#" and "|"
 * break at once, and a bullet when a space, a tab or the end follows it; digits and fences are
 * left to the regex, and any other character never breaks.
 */
function breaksBlock(line: string): boolean {
  let at = 0;
  while (at < line.length && (line.charCodeAt(at) === 32 || line.charCodeAt(at) === 62)) at++;
  if (at === line.length) return false;
  const code = line.charCodeAt(at);
  if (code === 35 || code === 124) return true;
  if (code === 45 || code === 42 || code === 43) {
    if (at + 1 === line.length) return true;
    const next = line.charCodeAt(at + 1);
    return next === 32 || next === 9;
  }
  if (code === 96 || code === 126 || (code >= 48 && code <= 57)) return BLOCK_BREAK.test(line);
  return false;
}

/**
 * Blanks the lines of a paragraph past MAX_PARAGRAPH_LENGTH characters, with an error at the
 * first one. A paragraph is approximated by a run of lines no blank line, list item, heading,
 * table row or fence interrupts; fenced code is not inline-parsed, so it never counts.
 */
function capParagraphs(lines: string[], path: string): ParseError[] {
  const errors: ParseError[] = [];
  let run = 0;
  let fence = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    const breaks = isBlank(line) || breaksBlock(line);
    if (breaks) {
      let start = 0;
      while (
        start < line.length &&
        (line.charCodeAt(start) === 32 || line.charCodeAt(start) === 62)
      )
        start++;
      if (line.startsWith('```', start) || line.startsWith('~~~', start)) fence = !fence;
      run = breaks && !fence ? line.length : 0;
      continue;
    }
    if (fence) continue;
    run += line.length + 1;
    if (run <= MAX_PARAGRAPH_LENGTH) continue;
    if (run - line.length - 1 <= MAX_PARAGRAPH_LENGTH && errors.length < 20) {
      errors.push({
        path,
        line: index + 1,
        message: `Unexpected paragraph of more than ${MAX_PARAGRAPH_LENGTH} characters, expected shorter paragraphs (the rest of it is not read)`,
      });
    }
    lines[index] = '';
  }
  return errors;
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
 * Hands every block to the builder: the plain subset as the fast reader reads it, everything
 * else as remark does. Its own function (as are the loops below) so that the long loop is
 * compiled on its own, not into parseChecklist along with code that has not run yet.
 */
function readBlocks(
  text: string,
  lines: readonly string[],
  builder: ChecklistBuilder,
  fastPath: boolean,
  opaque: Set<number>,
): void {
  const starts = findBlockStarts(lines);
  // The fast reader's nodes, section after section, in one array.
  const simple: SectionNode[] = [];
  const traits = readDocumentTraits(text);
  for (let block = 0; block < starts.length; block++) {
    const from = starts[block] as number;
    const to = block + 1 < starts.length ? (starts[block + 1] as number) : lines.length;
    const count = fastPath ? readSimpleSection(lines, from + 1, from, to, simple, traits) : -1;
    if (count !== -1) {
      for (let index = 0; index < count; index++) builder.visit(simple[index] as SectionNode);
    } else {
      const nodes = parseSectionWithRemark(lines, from, to, opaque);
      for (let index = 0; index < nodes.length; index++) builder.visit(nodes[index] as RootContent);
    }
  }
}

/** Each item's phase: the one its own text names, or its innermost heading's. */
function placeItems(items: ChecklistItem[], builder: ChecklistBuilder, implicit: boolean): void {
  const { runStarts, runFrames, itemNamed } = builder;
  let run = -1;
  for (let index = 0; index < items.length; index++) {
    while (run + 1 < runStarts.length && (runStarts[run + 1] as number) <= index) run++;
    (items[index] as ChecklistItem).phase = implicit
      ? 1
      : (itemNamed.get(index) ?? lastPhase(runFrames[run] as HeadingFrame[]));
  }
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
    // A plain split is several times faster than the regex on the usual LF-only file.
    const lines = text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
    const depthErrors = [...capNesting(lines, path), ...capParagraphs(lines, path)];
    const builder = new ChecklistBuilder(path, settings, lines);
    builder.errors.push(...depthErrors);
    const opaque = new Set<number>();
    readBlocks(text, lines, builder, internals.fastPath ?? true, opaque);

    const frames = builder.allFrames;
    const titleFrame = frames.find((frame) => frame.isDocumentTitle) ?? null;
    // A title such as "Checklist – Phase 3-4" names the document's phases; when the document
    // has phase headings of its own, the title does not swallow everything into one phase.
    let titleReset = false;
    if (
      titleFrame?.phase != null &&
      frames.some((frame) => frame !== titleFrame && frame.phaseStart)
    ) {
      titleFrame.phase = null;
      titleFrame.phaseStart = false;
      titleReset = true;
    }
    const phaseOf = (named: number | null, above: HeadingFrame[]) => named ?? lastPhase(above);
    const implicit = !frames.some((frame) => frame.phase !== null);
    const items = builder.items;
    // addItem gave each item its phase from the headings of the time; only a document without
    // phase headings, or a title that no longer names one, changes it.
    if (implicit || titleReset) placeItems(items, builder, implicit);
    for (const target of builder.targets)
      target.phase = implicit ? 1 : phaseOf(target.namedPhase, target.frames);
    const phases = summarisePhases(
      items,
      frames,
      implicit,
      titleFrame?.title ?? null,
      titleFrame?.line ?? 1,
    );

    const counts = builder.counts;
    const considered = items.length - counts.skipped;
    const measured = considered > 0 ? Math.round((counts.done / considered) * 100) : null;

    const document: ChecklistDocument = {
      path,
      title: titleFrame?.title ?? null,
      implicitPhase: implicit,
      phases,
      items,
      claims: findDocumentClaims(lines, opaque, measured),
      inconsistencies: [
        ...findInconsistencies(items, frames, builder.frameTallies),
        ...findTargetContradictions(builder.targets, phases),
        ...builder.derived
          .filter((d) => d.state === 'done' && !phases.find((p) => p.number === d.phase)?.green)
          .map((d) => ({
            line: d.line,
            message: `Unexpected “${d.marker ?? d.state}” on “${d.text}”: Phase ${d.phase} is not green, expected it ticked only when every Phase ${d.phase} item is done`,
          })),
      ].sort((a, b) => a.line - b.line),
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
