/*
 * RE2 and V8 agree on most syntax but not on every meaning: `\s` is `[\t\n\f\r ]` in RE2 and
 * Unicode whitespace in V8; `.` excludes only `\n` in RE2; case folding under `(?i)` maps `s`
 * to `ſ` and `k` to the Kelvin sign in RE2; RE2 counts code points where V8 without `u` counts
 * UTF-16 units. The translation below spells every such construct out, so that the V8 pattern
 * (compiled with the `u` flag and never `i`) matches exactly what RE2 matches; anything outside
 * the plain subset it knows returns null and the pattern stays on RE2.
 */

const SYNTAX = new Set('^$\\.*+?()[]{}|/');
const DIGITS = [[0x30, 0x39]] as const;
const WORD = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
] as const;
const SPACE = [
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
] as const;
const CONTROL: Record<string, number> = { n: 0x0a, t: 0x09, r: 0x0d, f: 0x0c, v: 0x0b, a: 0x07 };
const LONG_S = 0x17f;
const KELVIN = 0x212a;

type Range = [number, number];

/** The code points a class holds, with RE2's simple case folding of ASCII letters added. */
function fold(ranges: Range[]): Range[] | null {
  const out: Range[] = [...ranges];
  for (const [from, to] of ranges) {
    if (to > 0x7f) return null;
    for (let c = from; c <= to; c++) {
      const lower = c | 0x20;
      if (lower < 0x61 || lower > 0x7a) continue;
      out.push([lower, lower], [lower - 0x20, lower - 0x20]);
      if (lower === 0x73) out.push([LONG_S, LONG_S]);
      if (lower === 0x6b) out.push([KELVIN, KELVIN]);
    }
  }
  return out;
}

const hex = (c: number) => `\\u{${c.toString(16)}}`;

function classOf(ranges: Range[], negated: boolean, ignoreCase: boolean): string | null {
  const folded = ignoreCase ? fold(ranges) : ranges;
  if (!folded) return null;
  const body = folded
    .map(([from, to]) => (from === to ? hex(from) : `${hex(from)}-${hex(to)}`))
    .join('');
  return `[${negated ? '^' : ''}${body}]`;
}

/** `\d`, `\w`, `\s` and their negations as ranges; null for anything else. */
function perlClass(letter: string): { ranges: Range[]; negated: boolean } | null {
  const lower = letter.toLowerCase();
  const ranges = lower === 'd' ? DIGITS : lower === 'w' ? WORD : lower === 's' ? SPACE : null;
  if (!ranges) return null;
  return { ranges: ranges.map(([a, b]) => [a, b] as Range), negated: letter !== lower };
}

/** One escaped code point (`\n`, `\x41`, `\.`), or null when the escape is not a plain one. */
function escapedChar(source: string, at: number): { code: number; length: number } | null {
  const char = source[at + 1];
  if (char === undefined) return null;
  if (char in CONTROL) return { code: CONTROL[char]!, length: 2 };
  if (char === 'x' && /^[0-9a-fA-F]{2}$/.test(source.slice(at + 2, at + 4)))
    return { code: parseInt(source.slice(at + 2, at + 4), 16), length: 4 };
  // RE2 allows escaping any ASCII punctuation; letters and digits mean something else.
  if (/[!-/:-@[-`{-~]/.test(char)) return { code: char.charCodeAt(0), length: 2 };
  return null;
}

/** Parses `[...]` at `at`; returns the V8 class and where it ends. */
function translateClass(
  source: string,
  at: number,
  ignoreCase: boolean,
): { text: string; end: number } | null {
  let i = at + 1;
  const negated = source[i] === '^';
  if (negated) i++;
  const ranges: Range[] = [];
  let first = true;
  while (i < source.length && (source[i] !== ']' || first)) {
    first = false;
    if (source.startsWith('[:', i)) return null;
    let code: number;
    if (source[i] === '\\') {
      const perl = perlClass(source[i + 1] ?? '');
      if (perl) {
        if (perl.negated) return null;
        ranges.push(...perl.ranges);
        i += 2;
        continue;
      }
      const escaped = escapedChar(source, i);
      if (!escaped) return null;
      code = escaped.code;
      i += escaped.length;
    } else {
      code = source.codePointAt(i)!;
      i += code > 0xffff ? 2 : 1;
    }
    if (source[i] === '-' && source[i + 1] !== ']' && i + 1 < source.length) {
      let to: number;
      if (source[i + 1] === '\\') {
        const escaped = escapedChar(source, i + 1);
        if (!escaped) return null;
        to = escaped.code;
        i += 1 + escaped.length;
      } else {
        to = source.codePointAt(i + 1)!;
        i += to > 0xffff ? 3 : 2;
      }
      if (to < code) return null;
      ranges.push([code, to]);
    } else ranges.push([code, code]);
  }
  if (source[i] !== ']') return null;
  const text = classOf(ranges, negated, ignoreCase);
  return text === null ? null : { text, end: i + 1 };
}

/**
 * The V8 source (for `new RegExp(source, 'u')`) that matches what the RE2 pattern matches,
 * or null when the pattern uses a construct outside the translated subset (inline flags,
 * named groups, Unicode classes, POSIX classes, `\A`, `\z`, `\Q...\E`, non-ASCII under
 * ignoreCase).
 */
export function translateRe2ToV8(source: string, ignoreCase = false): string | null {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      if (next === 'b' || next === 'B') {
        out += `\\${next}`;
        i += 2;
        continue;
      }
      const perl = perlClass(next);
      if (perl) {
        const text = classOf(perl.ranges, perl.negated, ignoreCase);
        if (text === null) return null;
        out += text;
        i += 2;
        continue;
      }
      const escaped = escapedChar(source, i);
      if (!escaped) return null;
      const literal = String.fromCharCode(escaped.code);
      out += ignoreCase
        ? classOf([[escaped.code, escaped.code]], false, true)!
        : SYNTAX.has(literal)
          ? `\\${literal}`
          : hex(escaped.code);
      i += escaped.length;
      continue;
    }
    if (char === '[') {
      const translated = translateClass(source, i, ignoreCase);
      if (!translated) return null;
      out += translated.text;
      i = translated.end;
      continue;
    }
    if (char === '(') {
      if (source[i + 1] === '?') {
        if (source[i + 2] !== ':') return null;
        out += '(?:';
        i += 3;
        continue;
      }
      out += '(';
      i++;
      continue;
    }
    if (char === '{') {
      const repeat = /^\{\d+(?:,\d*)?\}/.exec(source.slice(i));
      if (repeat) {
        out += repeat[0];
        i += repeat[0].length;
        // A lazy `?` after the repeat is copied by the next turn.
        continue;
      }
      out += '\\{';
      i++;
      continue;
    }
    if (char === '.') {
      out += '[^\\n]';
      i++;
      continue;
    }
    if ('*+?|^$)'.includes(char)) {
      out += char;
      i++;
      continue;
    }
    if (char === '}' || char === ']') {
      out += `\\${char}`;
      i++;
      continue;
    }
    const code = source.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    if (ignoreCase) {
      const text = classOf([[code, code]], false, true);
      if (text === null) return null;
      // A letter becomes its folded class; other ASCII stays itself (cheaper for V8).
      out += /[a-zA-Z]/.test(char)
        ? text
        : /[0-9A-Za-z _,;:'"`<>=!@#%&~-]/.test(char)
          ? char
          : text;
    } else out += /[0-9A-Za-z _,;:'"`<>=!@#%&~-]/.test(char) ? char : hex(code);
    i += width;
  }
  try {
    new RegExp(out, 'u');
  } catch {
    return null;
  }
  return out;
}
