import type { ItemState } from './checklist-types.js';

export interface StatusMarker {
  state: ItemState;
  /** The marker as written. */
  marker: string;
  /** The text without the marker. */
  rest: string;
  /** The marker followed a label ("**Staging:** ⏳ Sprint 3"). */
  label?: true;
}

/**
 * Markers are built by one constructor rather than a literal per return: one shape for every
 * reader of them, and no allocation site whose objects (a heading's claim outlives it, an item's
 * does not) the engine decides to allocate elsewhere halfway through a parse, recompiling
 * every function that builds one.
 */
class Marker implements StatusMarker {
  constructor(
    readonly state: ItemState,
    readonly marker: string,
    readonly rest: string,
    readonly label: true | undefined = undefined,
  ) {}
}

/** A marker: `label` only for one that followed a label. */
export function statusMarker(
  state: ItemState,
  marker: string,
  rest: string,
  label?: true,
): StatusMarker {
  return new Marker(state, marker, rest, label);
}

// Emoji come with and without the variation selector (U+FE0F); both spellings mean the same.
const EMOJI: ReadonlyArray<readonly [string, ItemState]> = [
  ['✅', 'done'],
  ['✔️', 'done'],
  ['✔', 'done'],
  ['☑️', 'done'],
  ['☑', 'done'],
  ['🟢', 'done'],
  ['✓', 'done'],
  ['⏳', 'open'],
  ['⌛', 'open'],
  ['🔄', 'open'],
  ['🚧', 'open'],
  ['⬜', 'open'],
  ['🔲', 'open'],
  ['⚠️', 'warning'],
  ['⚠', 'warning'],
  ['🟡', 'warning'],
  ['🟠', 'warning'],
  ['❌', 'failed'],
  ['✖️', 'failed'],
  ['✖', 'failed'],
  ['🔴', 'failed'],
  ['⛔', 'failed'],
  ['🚫', 'failed'],
  ['✗', 'failed'],
  ['✘', 'failed'],
];

const BOXES: ReadonlyArray<readonly [RegExp, ItemState]> = [
  [/^\[[xX]\]/, 'done'],
  [/^\[ \]/, 'open'],
  [/^\[-\]/, 'skipped'],
];

// Words that may follow an emoji claim ("✅ COMPLETE", "⚠️ PARTIAL") without hiding it.
const CLAIM_WORDS =
  /^(?:(?:production[ -])?ready(?: for production)?|complete[d]?|done|finished|fixed|implemented|verified|passed|resolved|in progress|wip|pending|todo|to do|not started|partial(?:ly complete)?|blocked|failed|critical|n\/a)$/i;

// Words that mean a state in a status-table cell (SPEC §2). Longer phrases come first so that
// "NOT MET" is not read as "MET" and "No-go" not as "No".
const CELL_WORDS: ReadonlyArray<readonly [string, ItemState]> = [
  ["not applicable|won'?t do|wontfix|n/a|skipped|dropped|deferred|descoped|de-scoped", 'skipped'],
  [
    'not met|not started|not done|not ready|not yet|in[ -]progress|pending|todo|to do|open|planned|wip|started|ongoing|missing|incomplete|tbd|no',
    'open',
  ],
  ['partial(?:ly done|ly complete|ly met)?|at risk|warning|yellow|conditional', 'warning'],
  ['blocked|blocker|failed|failing|fail|broken|red|no-go', 'failed'],
  [
    'done|complete[d]?|yes|finished|fixed|implemented|passed|pass|resolved|ok|green|met|closed|verified|deployed|approved|go',
    'done',
  ],
];

// A status word may carry a trailing note: "IN PROGRESS (target v0.3)", "MET — see #12", "Yes, since v2".
const CELL_WORD_PATTERNS = CELL_WORDS.map(
  ([words, state]) =>
    [new RegExp(`^(?:${words})(?=$|\\s*[(\\[:,;.!/—–]|\\s+-\\s)`, 'i'), state] as const,
);

// A label bullet: "**Staging:** ⏳ Sprint 3" reads as "Staging: ⏳ Sprint 3" once emphasis is gone.
const LABEL = /^([^:]{1,60}?):\s*/;

/** One of ` \t\n\r\f\v\u00a0*_:~|-–—.`, by code unit (a Set of strings was a hot spot). */
function isDecoration(code: number): boolean {
  if (code < 128) {
    return (
      code === 32 ||
      (code >= 9 && code <= 13) ||
      code === 42 ||
      code === 95 ||
      code === 58 ||
      code === 126 ||
      code === 124 ||
      code === 45 ||
      code === 46
    );
  }
  return code === 0xa0 || code === 0x2013 || code === 0x2014;
}

/** Trims decoration from both ends (a loop: a global regex would rescan every run). */
function strip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isDecoration(text.charCodeAt(start))) start++;
  while (end > start && isDecoration(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

const SYMBOL = /[\u2300-\u27BF\u2B00-\u2BFF\uD83C-\uD83E]/;

/** The emoji by their first and by their last code unit, each list in EMOJI's order. */
function indexBy(
  unit: (emoji: string) => number,
): Map<number, Array<readonly [string, ItemState]>> {
  const index = new Map<number, Array<readonly [string, ItemState]>>();
  for (const entry of EMOJI) {
    const key = unit(entry[0]);
    const list = index.get(key) ?? [];
    list.push(entry);
    index.set(key, list);
  }
  return index;
}
const BY_FIRST = indexBy((emoji) => emoji.charCodeAt(0));
/**
 * A bit per first code unit of an emoji (a shared bit past 31 of them: a look-up too many,
 * never one too few), 0 for every other code unit.
 */
const UNIT_BIT = new Int32Array(0x10000);
for (const [index, unit] of [...BY_FIRST.keys()].entries())
  UNIT_BIT[unit] = 1 << Math.min(index, 31);
const BY_LAST = indexBy((emoji) => emoji.charCodeAt(emoji.length - 1));

// Loops rather than `find` with a closure: these run for every item and heading.
function emojiAtStart(text: string): readonly [string, ItemState] | undefined {
  const candidates = BY_FIRST.get(text.charCodeAt(0));
  if (candidates === undefined) return undefined;
  for (let at = 0; at < candidates.length; at++) {
    const entry = candidates[at] as readonly [string, ItemState];
    if (text.startsWith(entry[0])) return entry;
  }
  return undefined;
}

function emojiAtEnd(text: string): readonly [string, ItemState] | undefined {
  const candidates = BY_LAST.get(text.charCodeAt(text.length - 1));
  if (candidates === undefined) return undefined;
  for (let at = 0; at < candidates.length; at++) {
    const entry = candidates[at] as readonly [string, ItemState];
    if (text.endsWith(entry[0])) return entry;
  }
  return undefined;
}

// A constant default: `= {}` builds an object per call, and this runs for every item.
const NO_OPTIONS: { words?: boolean } = {};

/**
 * Reads a status marker at the start or the end of a piece of text (SPEC §2). Markers in the
 * middle of a sentence are prose. With `words`, a cell that is only a status word counts too.
 */
export function readStatusMarker(
  raw: string,
  options: { words?: boolean } = NO_OPTIONS,
): StatusMarker | null {
  const text = strip(raw.includes('\uFE0F\uFE0F') ? raw.replace(/\uFE0F(?=\uFE0F)/g, '') : raw);
  if (text === '') return null;

  if (text[0] === '[') {
    // Indexed reads rather than `for (const [a, b] of ...)`: code that has not been compiled
    // yet builds an iterator and a result object per step of a destructuring.
    for (let index = 0; index < BOXES.length; index++) {
      const box = BOXES[index] as readonly [RegExp, ItemState];
      const match = box[0].exec(text);
      if (match) return statusMarker(box[1], match[0], strip(text.slice(match[0].length)));
    }
  }

  // Every emoji marker lies in these ranges; text without any skips the emoji look-ups.
  if (!SYMBOL.test(text)) return readWords(text, options);
  const start = emojiAtStart(text);
  if (start) return statusMarker(start[1], start[0], strip(text.slice(start[0].length)));

  const end = emojiAtEnd(text);
  if (end) return statusMarker(end[1], end[0], strip(text.slice(0, text.length - end[0].length)));

  // "Phase 1 ✅ COMPLETE": an emoji followed only by a claim word is still at the end. Only the
  // emoji whose first code unit the text holds past its start are looked up: one bit each.
  let units = 0;
  for (let at = 1; at < text.length; at++) units |= UNIT_BIT[text.charCodeAt(at)] as number;
  if (units === 0) return readWords(text, options);
  for (let index = 0; index < EMOJI.length; index++) {
    const entry = EMOJI[index] as readonly [string, ItemState];
    const marker = entry[0];
    const state = entry[1];
    if ((units & (UNIT_BIT[marker.charCodeAt(0)] as number)) === 0) continue;
    const at = text.lastIndexOf(marker);
    if (at <= 0) continue;
    const tail = strip(text.slice(at + marker.length));
    if (CLAIM_WORDS.test(tail)) {
      return statusMarker(state, `${marker} ${tail}`, strip(text.slice(0, at)));
    }
  }

  return readWords(text, options);
}

const WORD = /\w/;
const SPACE = /\s/;
const LEADING_NA = /^\(?n\/a\)?(?=[\s:.,]|$)/i;

/**
 * What `\s*\(?\bn\/a\)?$` finds at the end of the text ("Audit logs (N/A)"), read backwards:
 * unanchored, that pattern rescans a long run of spaces from each of its characters.
 */
function trailingNa(text: string): string | null {
  // Only text ending in "a" or ")" can end in "n/a": no lower-case copy of everything else.
  const last = text.charCodeAt(text.length - 1);
  if ((last | 32) !== 97 && last !== 41) return null;
  const lower = text.toLowerCase();
  let start = lower.endsWith('n/a)')
    ? text.length - 4
    : lower.endsWith('n/a')
      ? text.length - 3
      : -1;
  if (start === -1) return null;
  if (text[start - 1] === '(') start--;
  else if (start > 0 && WORD.test(text[start - 1] as string)) return null;
  while (start > 0 && SPACE.test(text[start - 1] as string)) start--;
  return text.slice(start);
}

function readWords(text: string, options: { words?: boolean }): StatusMarker | null {
  const na = LEADING_NA.exec(text)?.[0] ?? trailingNa(text);
  if (na !== null) return statusMarker('skipped', 'N/A', strip(text.replace(na, '')));

  const label = LABEL.exec(text);
  if (label) {
    const after = text.slice(label[0].length);
    const emoji = emojiAtStart(after);
    if (emoji) {
      const marker = emoji[0];
      const state = emoji[1];
      const tail = strip(after.slice(marker.length));
      return statusMarker(
        state,
        marker,
        tail ? `${label[1]}: ${tail}` : (label[1] as string),
        true,
      );
    }
  }

  if (options.words) {
    for (let index = 0; index < CELL_WORD_PATTERNS.length; index++) {
      const word = CELL_WORD_PATTERNS[index] as readonly [RegExp, ItemState];
      const match = word[0].exec(text);
      if (match) return statusMarker(word[1], match[0], strip(text.slice(match[0].length)));
    }
  }
  return null;
}
