import { check } from 'recheck';
import { translateRe2ToV8 } from '../../src/core/rules/translate-re2-to-v8.js';
import type { BuiltinPattern } from './builtin-patterns.js';

export interface Proof {
  pattern: BuiltinPattern;
  v8: string | null;
  /** `safe` only when recheck's automaton checker proved every top-level alternative. */
  status: string;
  /** What recheck found against an alternative it did not prove safe. */
  detail: string | null;
}

/** Where the group opened at 0 closes. */
function closingParen(source: string): number {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') i++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * The top-level alternatives of a pattern (`(?:A|B)` or `A|B`). With nothing around them, a
 * backtracking search tries them one after another at each start, so the whole is linear when
 * each is; proving them apart keeps each automaton small enough for recheck to finish.
 */
export function topLevelAlternatives(source: string): string[] {
  const split = (text: string) => {
    const parts: string[] = [];
    let depth = 0;
    let inClass = false;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (char === '\\') i++;
      else if (inClass) inClass = char !== ']';
      else if (char === '[') inClass = true;
      else if (char === '(') depth++;
      else if (char === ')') depth--;
      else if (char === '|' && depth === 0) {
        parts.push(text.slice(start, i));
        start = i + 1;
      }
    }
    parts.push(text.slice(start));
    return parts;
  };
  if (source.startsWith('(?:') && closingParen(source) === source.length - 1)
    return split(source.slice(3, -1));
  return split(source);
}

/**
 * The pattern with every counted repeat `X{n}`, `X{n,}`, `X{n,m}` relaxed to `X+` (or `X*`
 * when n is 0). A backtracking matcher explores no more ways through `X{n,m}` than through
 * `X+`, so a proof for the relaxed pattern holds for the original; and it keeps the automaton
 * small (`[0-9A-Za-z]{30,}` unrolled thirty times made recheck time out).
 */
export function relaxRepeats(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === '\\') {
      const end = source.startsWith('u{', i + 1) ? source.indexOf('}', i) + 1 : i + 2;
      out += source.slice(i, end);
      i = end - 1;
    } else if (inClass) {
      inClass = char !== ']';
      out += char;
    } else if (char === '[') {
      inClass = true;
      out += char;
    } else if (char === '{') {
      const repeat = /^\{(\d+)(?:,\d*)?\}/.exec(source.slice(i));
      if (!repeat) throw new Error(`Unexpected \`{\` at ${i} in ${source}`);
      out += repeat[1] === '0' ? '*' : '+';
      i += repeat[0].length - 1;
    } else out += char;
  }
  return out;
}

/**
 * What recheck says about the V8 translation of a built-in pattern. The pure-JS backend needs
 * no JVM or native binary and works offline; only the automaton checker counts as a proof (a
 * fuzzer that found no attack proves nothing: with some seeds it missed a quadratic pattern).
 */
export async function proveLinear(pattern: BuiltinPattern, timeout = 120_000): Promise<Proof> {
  // recheck reads its backend from the environment; `pure` is its Scala.js build in this
  // process (no JVM, no native binary, offline).
  process.env.RECHECK_BACKEND = 'pure';
  const v8 = translateRe2ToV8(pattern.source, pattern.ignoreCase);
  if (v8 === null) return { pattern, v8, status: 'untranslated', detail: null };
  for (const alternative of topLevelAlternatives(relaxRepeats(v8))) {
    const diagnostics = await check(alternative, 'u', {
      checker: 'automaton',
      timeout,
    });
    if (diagnostics.status === 'safe') continue;
    return {
      pattern,
      v8,
      status: diagnostics.status,
      detail:
        diagnostics.status === 'vulnerable'
          ? `${diagnostics.complexity.summary} on ${JSON.stringify(diagnostics.attack.string.slice(0, 40))}…`
          : `${diagnostics.error.kind} on ${alternative.slice(0, 60)}`,
    };
  }
  return { pattern, v8, status: 'safe', detail: null };
}
