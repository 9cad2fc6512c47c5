import type { ItemState } from './checklist-types.js';

export interface StatusMarker {
  state: ItemState;
  /** The marker as written. */
  marker: string;
  /** The text without the marker. */
  rest: string;
}

// Emoji come with and without the variation selector (U+FE0F); both spellings mean the same.
const EMOJI: ReadonlyArray<readonly [string, ItemState]> = [
  ['✅', 'done'],
  ['✔️', 'done'],
  ['✔', 'done'],
  ['☑️', 'done'],
  ['☑', 'done'],
  ['🟢', 'done'],
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
];

const BOXES: ReadonlyArray<readonly [RegExp, ItemState]> = [
  [/^\[[xX]\]/, 'done'],
  [/^\[ \]/, 'open'],
  [/^\[-\]/, 'skipped'],
];

// Words that may follow an emoji claim ("✅ COMPLETE", "⚠️ PARTIAL") without hiding it.
const CLAIM_WORDS =
  /^(?:(?:production[ -])?ready(?: for production)?|complete[d]?|done|finished|fixed|implemented|verified|passed|resolved|in progress|wip|pending|todo|to do|not started|partial(?:ly complete)?|blocked|failed|critical|n\/a)$/i;

// Words that mean a state in a status-table cell (SPEC §2).
const CELL_WORDS: ReadonlyArray<readonly [RegExp, ItemState]> = [
  [/^(?:done|complete[d]?|yes|finished|fixed|implemented|passed|resolved|ok|green)$/i, 'done'],
  [
    /^(?:pending|in[ -]progress|todo|to do|no|not started|open|planned|wip|started|ongoing)$/i,
    'open',
  ],
  [/^(?:blocked|failed|failing|broken|red)$/i, 'failed'],
  [/^(?:partial(?:ly done|ly complete)?|at risk|warning|yellow)$/i, 'warning'],
  [/^(?:n\/a|not applicable|skipped|won'?t do|wontfix|dropped|deferred)$/i, 'skipped'],
];

const DECORATION = /^[\s*_:~|\-–—.]+|[\s*_:~|\-–—.]+$/g;

function strip(text: string): string {
  return text.replace(DECORATION, '');
}

function emojiAtStart(text: string): readonly [string, ItemState] | undefined {
  return EMOJI.find(([emoji]) => text.startsWith(emoji));
}

function emojiAtEnd(text: string): readonly [string, ItemState] | undefined {
  return EMOJI.find(([emoji]) => text.endsWith(emoji));
}

/**
 * Reads a status marker at the start or the end of a piece of text (SPEC §2). Markers in the
 * middle of a sentence are prose. With `words`, a cell that is only a status word counts too.
 */
export function readStatusMarker(
  raw: string,
  options: { words?: boolean } = {},
): StatusMarker | null {
  const text = strip(raw.replace(/\uFE0F(?=\uFE0F)/g, ''));
  if (text === '') return null;

  for (const [pattern, state] of BOXES) {
    const match = pattern.exec(text);
    if (match) return { state, marker: match[0], rest: strip(text.slice(match[0].length)) };
  }

  const start = emojiAtStart(text);
  if (start) {
    const [marker, state] = start;
    return { state, marker, rest: strip(text.slice(marker.length)) };
  }

  const end = emojiAtEnd(text);
  if (end) {
    const [marker, state] = end;
    return { state, marker, rest: strip(text.slice(0, text.length - marker.length)) };
  }

  // "Phase 1 ✅ COMPLETE": an emoji followed only by a claim word is still at the end.
  for (const [marker, state] of EMOJI) {
    const at = text.lastIndexOf(marker);
    if (at <= 0) continue;
    const tail = strip(text.slice(at + marker.length));
    if (CLAIM_WORDS.test(tail)) {
      return { state, marker: `${marker} ${tail}`, rest: strip(text.slice(0, at)) };
    }
  }

  const na = /^\(?n\/a\)?(?=[\s:.,]|$)|\s*\(?\bn\/a\)?$/i.exec(text);
  if (na) return { state: 'skipped', marker: 'N/A', rest: strip(text.replace(na[0], '')) };

  if (options.words) {
    for (const [pattern, state] of CELL_WORDS) {
      if (pattern.test(text)) return { state, marker: text, rest: '' };
    }
  }
  return null;
}
