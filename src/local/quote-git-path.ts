const ESCAPES: Record<number, string> = {
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
  34: '\\"',
  92: '\\\\',
};

/**
 * A path the way git writes it in patch headers with `core.quotePath=false`: as is, or in
 * double quotes with C escapes when it holds a quote, a backslash or a control character.
 */
export function quoteGitPath(path: string): string {
  const needsQuotes = [...path].some((char) => {
    const code = char.charCodeAt(0);
    return code < 0x20 || code === 0x7f || char === '"' || char === '\\';
  });
  if (!needsQuotes) return path;
  let out = '"';
  for (const char of path) {
    const code = char.charCodeAt(0);
    if (ESCAPES[code]) out += ESCAPES[code];
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += char;
  }
  return `${out}"`;
}
