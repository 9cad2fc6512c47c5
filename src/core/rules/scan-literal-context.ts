/**
 * Hand-written scanners for the text right before a string literal, each giving what one
 * end-anchored RE2 pattern (kept below as its specification) captures. On a backtracking engine
 * those patterns are polynomial (every start position may run to the end), and on re2js they
 * cost most of the credential detector's time; these scan backward from the end once, over a
 * few disjoint character classes, so they are linear by construction.
 * test/rules/scan-literal-context.test.ts checks them against RE2 on the specifications.
 */

/** `name = `, `obj.key: Type = `, `"key": `: the assigned name is group 1. */
export const ASSIGNMENT_PATTERN = `(?:^|[^A-Za-z0-9_$.])((?:[A-Za-z_$@][A-Za-z0-9_$]*(?:\\.|->|::))*[A-Za-z_$@][A-Za-z0-9_$-]*|"[A-Za-z_$][A-Za-z0-9_.$-]*"|'[A-Za-z_$][A-Za-z0-9_.$-]*')\\s*(?::\\s*[A-Za-z_][A-Za-z0-9_<>\\[\\]|.?]{0,40}\\s*)?(?:=|:=|:|=>|==|===)\\s*[@&]?$`;
/** The last identifier, before closing quotes, brackets and parentheses: group 1. */
export const LAST_NAME_PATTERN = `([A-Za-z_][A-Za-z0-9_]*)["'\`]?\\s*[\\])]*\\s*$`;
/** `getenv("NAME", `: the callee is group 1, the name group 2. */
export const ENV_CALL_DEFAULT_PATTERN = `([A-Za-z_][A-Za-z0-9_]*)\\s*\\(\\s*["'\`]([A-Za-z_][A-Za-z0-9_.-]{0,80})["'\`]\\s*,\\s*$`;

const SPACE = 1; // RE2's \s: [\t\n\f\r ]
const WORD = 2; // [A-Za-z0-9_]
const WORD_HEAD = 4; // [A-Za-z_]
const DOLLAR = 8; // $
const QUOTE = 16; // " ' `

// One table lookup per character; everything past ASCII is in no class.
const CLASS = new Uint8Array(128);
for (const char of ' \t\n\f\r') CLASS[char.charCodeAt(0)] = SPACE;
for (let code = 0; code < 128; code++) {
  const char = String.fromCharCode(code);
  if (/[A-Za-z_]/.test(char)) CLASS[code] = WORD | WORD_HEAD;
  else if (/[0-9]/.test(char)) CLASS[code] = WORD;
}
CLASS['$'.charCodeAt(0)] = DOLLAR;
for (const char of '"\'`') CLASS[char.charCodeAt(0)] = QUOTE;

function classOf(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code < 128 ? (CLASS[code] as number) : 0;
}

const is = (text: string, at: number, mask: number) =>
  at >= 0 && at < text.length && (classOf(text, at) & mask) !== 0;

/** The position after skipping RE2 `\s` backward from `end`. */
function skipSpaceBack(text: string, end: number): number {
  let at = end;
  while (at > 0 && is(text, at - 1, SPACE)) at--;
  return at;
}

/** The start of the run of `[A-Za-z0-9_]` ending at `end`. */
function wordRunStart(text: string, end: number): number {
  let at = end;
  while (at > 0 && is(text, at - 1, WORD)) at--;
  return at;
}

/** The first `[A-Za-z_]` in [from, end): where `[A-Za-z_][A-Za-z0-9_]*` starts leftmost. */
function firstHead(text: string, from: number, end: number): number {
  for (let at = from; at < end; at++) if (is(text, at, WORD_HEAD)) return at;
  return -1;
}

/** What LAST_NAME_PATTERN's group 1 captures in `text`, or null when it does not match. */
export function lastName(text: string): string | null {
  let at = skipSpaceBack(text, text.length);
  while (at > 0 && (text[at - 1] === ']' || text[at - 1] === ')')) at--;
  at = skipSpaceBack(text, at);
  if (at > 0 && is(text, at - 1, QUOTE)) at--;
  const start = firstHead(text, wordRunStart(text, at), at);
  return start === -1 ? null : text.slice(start, at);
}

/** What ENV_CALL_DEFAULT_PATTERN's groups capture in `text`, or null when it does not match. */
export function envCallDefault(text: string): { callee: string; name: string } | null {
  let at = skipSpaceBack(text, text.length);
  if (text[at - 1] !== ',') return null;
  at = skipSpaceBack(text, at - 1);
  if (!is(text, at - 1, QUOTE)) return null;
  const nameEnd = at - 1;
  // The name runs back to its opening quote; no quote can sit inside it.
  let nameStart = nameEnd;
  while (
    nameStart > 0 &&
    (is(text, nameStart - 1, WORD) || text[nameStart - 1] === '.' || text[nameStart - 1] === '-')
  )
    nameStart--;
  if (nameEnd - nameStart < 1 || nameEnd - nameStart > 81) return null;
  if (!is(text, nameStart, WORD_HEAD) || !is(text, nameStart - 1, QUOTE)) return null;
  at = skipSpaceBack(text, nameStart - 1);
  if (text[at - 1] !== '(') return null;
  at = skipSpaceBack(text, at - 1);
  const callee = firstHead(text, wordRunStart(text, at), at);
  if (callee === -1) return null;
  return { callee: text.slice(callee, at), name: text.slice(nameStart, nameEnd) };
}

// ASSIGNMENT's classes: X = [A-Za-z_$@][A-Za-z0-9_$]*, Y = [A-Za-z_$@][A-Za-z0-9_$-]*,
// T = [A-Za-z_][A-Za-z0-9_<>\[\]|.?]{0,40}, prefix = [^A-Za-z0-9_$.].
const isNameHead = (text: string, at: number) =>
  is(text, at, WORD_HEAD | DOLLAR) || text[at] === '@';
const isXTail = (text: string, at: number) => is(text, at, WORD | DOLLAR);
const isYTail = (text: string, at: number) => is(text, at, WORD | DOLLAR) || text[at] === '-';
const TYPE_PUNCTUATION = new Set(['<', '>', '[', ']', '|', '.', '?']);
const isTypeChar = (text: string, at: number) =>
  is(text, at, WORD) || TYPE_PUNCTUATION.has(text[at] as string);
const isPrefix = (text: string, at: number) => !is(text, at, WORD | DOLLAR) && text[at] !== '.';

/**
 * Where a name can end so that the rest of `text` is ASSIGNMENT's tail:
 * `\s*(?::\s*T\s*)?(?:=|:=|:|=>|==|===)\s*[@&]?$`.
 */
function assignmentNameEnds(text: string): number[] {
  let end = text.length;
  if (text[end - 1] === '@' || text[end - 1] === '&') end--;
  end = skipSpaceBack(text, end);
  const operators: number[] = [];
  const last = text[end - 1];
  if (last === ':') operators.push(1);
  else if (last === '>') {
    if (text[end - 2] === '=') operators.push(2);
  } else if (last === '=') {
    operators.push(1);
    if (text[end - 2] === '=') operators.push(2);
    if (text[end - 2] === '=' && text[end - 3] === '=') operators.push(3);
    if (text[end - 2] === ':') operators.push(2);
  }
  const ends: number[] = [];
  for (const length of operators) {
    const before = skipSpaceBack(text, end - length);
    ends.push(before);
    // The type annotation is the whole run of type characters before the operator: the
    // character before it must be a space or the `:`, neither of which is one.
    let typeStart = before;
    while (typeStart > 0 && isTypeChar(text, typeStart - 1)) typeStart--;
    if (before - typeStart < 1 || before - typeStart > 41 || !is(text, typeStart, WORD_HEAD))
      continue;
    const colon = skipSpaceBack(text, typeStart);
    if (text[colon - 1] === ':') ends.push(skipSpaceBack(text, colon - 1));
  }
  return ends;
}

/**
 * The starts of every name ending at `end`: a quoted name, or
 * `(?:X(?:\.|->|::))*Y`, found right to left (a token's tail run cannot hold a separator's
 * first character, so each token is the whole run before a separator).
 */
function nameStarts(text: string, end: number): number[] {
  if (end <= 0) return [];
  const quote = text[end - 1];
  if (quote === '"' || quote === "'") {
    let at = end - 1;
    while (at > 0 && (isXTail(text, at - 1) || text[at - 1] === '.' || text[at - 1] === '-')) at--;
    if (at === end - 1 || text[at - 1] !== quote || !is(text, at, WORD_HEAD | DOLLAR)) return [];
    return [at - 1];
  }
  // starts[i]: text.slice(i, end) is a name.
  const starts = new Uint8Array(end + 1);
  // The run Y may take: its head anywhere in the run of Y's tail characters, or an `@` before.
  let yRun = end;
  while (yRun > 0 && isYTail(text, yRun - 1)) yRun--;
  if (yRun === end && text[end - 1] !== '@') return [];
  for (let at = yRun; at < end; at++) if (isNameHead(text, at)) starts[at] = 1;
  if (text[yRun - 1] === '@') starts[yRun - 1] = 1;
  // xEnd: where the run of X's tail characters after `at` ends.
  let xEnd = end;
  for (let at = end - 1; at >= 0; at--) {
    if (!isXTail(text, at + 1)) xEnd = at + 1;
    if (starts[at] === 1 || !isNameHead(text, at)) continue;
    let next = -1;
    if (text[xEnd] === '.') next = xEnd + 1;
    else if (
      (text[xEnd] === '-' && text[xEnd + 1] === '>') ||
      (text[xEnd] === ':' && text[xEnd + 1] === ':')
    )
      next = xEnd + 2;
    if (next !== -1 && next < end && starts[next] === 1) starts[at] = 1;
  }
  const found: number[] = [];
  for (let at = 0; at < end; at++) if (starts[at] === 1) found.push(at);
  return found;
}

/**
 * What ASSIGNMENT_PATTERN's group 1 captures in `text`, or null when it does not match: the
 * name whose match starts leftmost (at the name, for one at the very start, else at the
 * character before it, which must not be a name character or a dot).
 */
export function assignedName(text: string): string | null {
  let best: { start: number; name: number; end: number } | null = null;
  for (const end of assignmentNameEnds(text)) {
    for (const name of nameStarts(text, end)) {
      if (name !== 0 && !isPrefix(text, name - 1)) continue;
      const start = name === 0 ? 0 : name - 1;
      // At the same start, `^` comes first in the pattern: the name at 0 wins.
      if (best === null || start < best.start || (start === best.start && name < best.name))
        best = { start, name, end };
    }
  }
  return best === null ? null : text.slice(best.name, best.end);
}
