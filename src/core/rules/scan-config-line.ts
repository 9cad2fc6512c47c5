/**
 * A config line's key and value (`KEY=value`, `key: value`, `export KEY=value`, `- key: value`),
 * read forward in one pass: what CONFIG_LINE_PATTERN captures (its specification, checked on
 * RE2 by test/rules/scan-config-line.test.ts). The pattern's lazy `(.*?)\s*$` is polynomial on a
 * backtracking engine and re2js is slow on every line of a config file.
 */
export const CONFIG_LINE_PATTERN = `^\\s*(?:export\\s+|-\\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\\s*(?:=|:)\\s*(.*?)\\s*$`;

export interface ConfigLineParts {
  name: string;
  value: string;
  /** Where the value starts in the line. */
  start: number;
}

// RE2's \s: [\t\n\f\r ].
const isSpace = (code: number) =>
  code === 32 || code === 9 || code === 10 || code === 12 || code === 13;
const isNameHead = (code: number) =>
  (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isNameTail = (code: number) =>
  isNameHead(code) || (code >= 48 && code <= 57) || code === 46 || code === 45;
const isQuote = (code: number) => code === 34 || code === 39;

function skipSpace(line: string, from: number): number {
  let at = from;
  while (at < line.length && isSpace(line.charCodeAt(at))) at++;
  return at;
}

/** From `at` (past the optional `export ` or `- `): `["']?name["']?\s*[=:]\s*`, or null. */
function keyFrom(line: string, from: number): { name: string; end: number } | null {
  let at = from;
  if (isQuote(line.charCodeAt(at))) at++;
  if (!isNameHead(line.charCodeAt(at))) return null;
  const nameStart = at;
  while (at < line.length && isNameTail(line.charCodeAt(at))) at++;
  const name = line.slice(nameStart, at);
  if (isQuote(line.charCodeAt(at))) at++;
  at = skipSpace(line, at);
  const operator = line.charCodeAt(at);
  if (operator !== 61 && operator !== 58) return null;
  return { name, end: skipSpace(line, at + 1) };
}

/**
 * What CONFIG_LINE_PATTERN captures in `line`, or null when it does not match. Each optional
 * part is taken when it fits and the rest cannot start with its characters, so the only choice
 * is the `export ` or `- ` prefix: tried first, as the pattern does, then without.
 */
export function configLineParts(line: string): ConfigLineParts | null {
  const indent = skipSpace(line, 0);
  let key: { name: string; end: number } | null = null;
  for (const prefix of ['export', '-']) {
    if (!line.startsWith(prefix, indent)) continue;
    const after = indent + prefix.length;
    if (!isSpace(line.charCodeAt(after))) continue;
    key = keyFrom(line, skipSpace(line, after));
    if (key) break;
  }
  key ??= keyFrom(line, indent);
  if (!key) return null;
  // `(.*?)\s*$`: the rest without its trailing spaces, which `.` must cover (no newline).
  let end = line.length;
  while (end > key.end && isSpace(line.charCodeAt(end - 1))) end--;
  const value = line.slice(key.end, end);
  if (value.includes('\n')) return null;
  return { name: key.name, value, start: key.end };
}
