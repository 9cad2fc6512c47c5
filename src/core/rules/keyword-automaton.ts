/**
 * An Aho-Corasick automaton over ASCII, uppercase folded to lowercase: one step per character,
 * whatever the number of keywords, so a scan is linear in the text.
 */
export interface Automaton {
  /** The next state (times 128), at `state * 128 + character code`. */
  next: Int32Array;
  /** The bits of the keyword sets that end at a state, by state. */
  output: Int32Array;
  /** States from this one (times 128) on end a keyword; the ones before end none. */
  firstOutput: number;
}

export const LOWER_I = 'i'.charCodeAt(0);
export const LOWER_K = 'k'.charCodeAt(0);
// The only characters past ASCII whose lowercase holds an ASCII one (checked over all of
// Unicode by test/perf/find-keyword-lines.test.ts): `İ` → `i` + U+0307, Kelvin `K` → `k`.
export const DOTTED_CAPITAL_I = 0x130;
export const KELVIN = 0x212a;

/** The characters (one state each) an automaton may hold at most: 2 MB of table. */
export const MAX_STATES = 4096;

export function buildAutomaton(sets: readonly (readonly string[])[]): Automaton {
  const goto: Int32Array[] = [new Int32Array(128).fill(-1)];
  const output: number[] = [0];
  sets.forEach((keywords, bit) => {
    for (const keyword of keywords) {
      let state = 0;
      for (let at = 0; at < keyword.length; at++) {
        const code = keyword.charCodeAt(at);
        const row = goto[state] as Int32Array;
        if (row[code] === -1) {
          row[code] = goto.length;
          goto.push(new Int32Array(128).fill(-1));
          output.push(0);
        }
        state = row[code] as number;
      }
      output[state] = (output[state] as number) | (1 << bit);
    }
  });
  // Breadth first: a state's failure link is shallower, so complete before it is read.
  const fail = new Int32Array(goto.length);
  const queue: number[] = [];
  const root = goto[0] as Int32Array;
  for (let code = 0; code < 128; code++) {
    const to = root[code] as number;
    if (to === -1) root[code] = 0;
    else queue.push(to);
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as number;
    const back = fail[state] as number;
    output[state] = (output[state] as number) | (output[back] as number);
    const row = goto[state] as Int32Array;
    const backRow = goto[back] as Int32Array;
    for (let code = 0; code < 128; code++) {
      const to = row[code] as number;
      if (to === -1) row[code] = backRow[code] as number;
      else {
        fail[to] = backRow[code] as number;
        queue.push(to);
      }
    }
  }
  // Numbered again, the states that end a keyword last: the scan then tells them by a compare.
  const order = [...goto.keys()].sort(
    (a, b) => Number(output[a] !== 0) - Number(output[b] !== 0) || a - b,
  );
  const renumbered = new Int32Array(goto.length);
  order.forEach((state, index) => (renumbered[state] = index));
  const next = new Int32Array(goto.length * 128);
  const outputs = new Int32Array(goto.length);
  goto.forEach((row, state) => {
    const base = (renumbered[state] as number) * 128;
    outputs[renumbered[state] as number] = output[state] as number;
    for (let code = 0; code < 128; code++) {
      // `A`-`Z` step as `a`-`z`: the keywords are lowercase.
      const from = code >= 65 && code <= 90 ? code + 32 : code;
      next[base + code] = (renumbered[row[from] as number] as number) * 128;
    }
  });
  return {
    next,
    output: outputs,
    firstOutput: order.findIndex((state) => output[state] !== 0) * 128,
  };
}

/**
 * For one set of ASCII keywords: where the first of them to end ends (the index after its last
 * character) in a text read lowercased with the characters of `skip` dropped, or -1. Every
 * occurrence counts, overlapping ones too, so no keyword ends before the returned index.
 */
export function findFirstKeywordEnd(
  keywords: readonly string[],
  skip: string,
): (text: string) => number {
  const { next, firstOutput } = buildAutomaton([keywords.map((keyword) => keyword.toLowerCase())]);
  const skipped = new Uint8Array(128);
  for (const char of skip) skipped[char.charCodeAt(0)] = 1;
  return (text) => {
    let state = 0;
    for (let at = 0; at < text.length; at++) {
      let code = text.charCodeAt(at);
      if (code >= 128) {
        if (code === KELVIN) code = LOWER_K;
        else {
          if (code === DOTTED_CAPITAL_I && next[state + LOWER_I]! >= firstOutput) return at + 1;
          state = 0;
          continue;
        }
      }
      if (skipped[code] === 1) continue;
      state = next[state + code]!;
      if (state >= firstOutput) return at + 1;
    }
    return -1;
  };
}
