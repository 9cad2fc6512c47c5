import type { FileChange } from '../diff/diff-types.js';
// The longest line any check reads: a keyword past it never counts.
import { MAX_LINE } from './find-secrets.js';
import {
  buildAutomaton,
  DOTTED_CAPITAL_I,
  KELVIN,
  LOWER_I,
  LOWER_K,
  MAX_STATES,
  type Automaton,
} from './keyword-automaton.js';

/**
 * For each line of `change` (cut to MAX_LINE characters), the bits of the keyword sets one of
 * whose keywords its lowercased text holds.
 */
interface Scan {
  /** The bits of each line. */
  masks: Int32Array;
  /** The bits of any line: a set none of whose keywords occurs needs no look at the lines. */
  any: number;
}

function scanChange(automaton: Automaton, change: FileChange): Scan {
  const { next, output, firstOutput } = automaton;
  // No state ends a keyword (no keywords): every line holds none.
  const limit = firstOutput < 0 ? Infinity : firstOutput;
  const lines = change.lines;
  const masks = new Int32Array(lines.length);
  let any = 0;
  for (let index = 0; index < lines.length; index++) {
    const text = (lines[index] as { text: string }).text;
    const end = text.length > MAX_LINE ? MAX_LINE : text.length;
    let state = 0;
    let mask = 0;
    for (let at = 0; at < end; at++) {
      let code = text.charCodeAt(at);
      if (code >= 128) {
        if (code === KELVIN) code = LOWER_K;
        else {
          // `i` then U+0307, past ASCII: no keyword goes on through it.
          if (code === DOTTED_CAPITAL_I) {
            state = next[state + LOWER_I] as number;
            if (state >= limit) mask |= output[state >> 7] as number;
          }
          state = 0;
          continue;
        }
      }
      state = next[state + code] as number;
      if (state >= limit) mask |= output[state >> 7] as number;
    }
    masks[index] = mask;
    any |= mask;
  }
  return { masks, any };
}

function flagsOf({ masks, any }: Scan, bit: number): Uint8Array {
  const flags = new Uint8Array(masks.length);
  if (((any >>> bit) & 1) === 0) return flags;
  for (let index = 0; index < masks.length; index++)
    flags[index] = ((masks[index] as number) >>> bit) & 1;
  return flags;
}

/**
 * The keyword sets of every rule share one automaton and one scan of each change: each set is
 * one bit of it. Bounded, as a server compiles the rules of every repository it checks: past
 * SHARED_SETS sets or MAX_STATES characters, a set gets an automaton of its own.
 */
const SHARED_SETS = 30;
const shared = {
  bits: new Map<string, number>(),
  sets: [] as string[][],
  states: 1,
  automaton: null as Automaton | null,
  /** Bumped when a set joins: the scans made before it lack its bit. */
  version: 0,
};
const scanned = new WeakMap<FileChange, { version: number; scan: Scan }>();

function sharedScan(change: FileChange): Scan {
  const known = scanned.get(change);
  if (known !== undefined && known.version === shared.version) return known.scan;
  shared.automaton ??= buildAutomaton(shared.sets);
  const scan = scanChange(shared.automaton, change);
  scanned.set(change, { version: shared.version, scan });
  return scan;
}

const escape = (keyword: string) => keyword.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * Keywords the automaton cannot take (past ASCII, a newline, an empty one): one combined V8
 * regex of literals (linear: an alternation of literals, no quantifier) over the change's
 * lowercased lines joined by newlines.
 */
function regexScanner(lower: readonly string[]): (change: FileChange) => Uint8Array {
  // Longest first: alternation is ordered, and any hit will do, but the long ones are rarer.
  const sorted = [...lower].sort((a, b) => b.length - a.length);
  const combined = new RegExp(sorted.map(escape).join('|'), 'g');
  return (change) => {
    const flags = new Uint8Array(change.lines.length);
    const text = change.lines
      .map((line) => (line.text.length > MAX_LINE ? line.text.slice(0, MAX_LINE) : line.text))
      .join('\n')
      .toLowerCase();
    // Found in the lowercased text: lowercasing may change a line's length, never its newlines.
    const starts = new Int32Array(change.lines.length + 1);
    let line = 0;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1))
      starts[++line] = at + 1;
    starts[change.lines.length] = text.length + 1;
    line = 0;
    combined.lastIndex = 0;
    for (let match = combined.exec(text); match; match = combined.exec(text)) {
      // Walk to the line holding the hit.
      while ((starts[line + 1] as number) <= match.index) line++;
      flags[line] = 1;
      // One hit per line is enough: go on at the next line.
      line++;
      if (line >= change.lines.length) break;
      combined.lastIndex = starts[line] as number;
    }
    return flags;
  };
}

const lowercased = (keywords: readonly string[]) => [
  ...new Set(keywords.map((keyword) => keyword.toLowerCase())),
];

/** A keyword set's identity in the shared automaton, whatever the order of its keywords. */
const keyOf = (lower: readonly string[]) => [...lower].sort().join('\n');

/** What the automaton takes: ASCII, no newline (the old scan's lines were joined by them). */
const isAsciiKeyword = (keyword: string) =>
  keyword !== '' && [...keyword].every((char) => char.charCodeAt(0) < 128 && char !== '\n');

/**
 * A multi-keyword pre-filter over a whole file's hunks, as gitleaks does: one Aho-Corasick
 * scan of each change (shared by every rule's keywords, see `shared`) finds the lines that
 * hold a keyword, and only those reach a rule's patterns.
 *
 * Returns, for a list of keywords, a function that gives one flag per `change.lines` entry:
 * 1 when the line (cut to MAX_LINE characters, lowercased) holds one of the keywords (matched
 * lowercased), as `line.toLowerCase().includes(keyword)` would say.
 */
export function findKeywordLines(keywords: readonly string[]): (change: FileChange) => Uint8Array {
  const lower = lowercased(keywords);
  if (lower.length === 0) return (change) => new Uint8Array(change.lines.length);
  if (!lower.every(isAsciiKeyword)) return regexScanner(lower);
  const key = keyOf(lower);
  let bit = shared.bits.get(key);
  const states = lower.reduce((sum, keyword) => sum + keyword.length, 0);
  if (
    bit === undefined &&
    shared.sets.length < SHARED_SETS &&
    shared.states + states <= MAX_STATES
  ) {
    bit = shared.sets.push(lower) - 1;
    shared.bits.set(key, bit);
    shared.states += states;
    shared.automaton = null;
    shared.version++;
  }
  if (bit !== undefined) {
    const sharedBit = bit;
    return (change) => flagsOf(sharedScan(change), sharedBit);
  }
  if (states + 1 > MAX_STATES) return regexScanner(lower);
  let own: Automaton | null = null;
  return (change) => flagsOf(scanChange((own ??= buildAutomaton([lower])), change), 0);
}

/**
 * The lines of `change` that hold one of `keywords`, as findKeywordLines flags them, but only
 * when the rules' shared scan of this change was made already: null otherwise (scanning a
 * change for one keyword costs more than the caller's own search).
 */
export function findScannedKeywordLines(
  keywords: readonly string[],
): (change: FileChange) => Uint8Array | null {
  const lines = findKeywordLines(keywords);
  const bit = shared.bits.get(keyOf(lowercased(keywords)));
  if (bit === undefined) return () => null;
  return (change) => (scanned.get(change)?.version === shared.version ? lines(change) : null);
}
