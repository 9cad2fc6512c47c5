/**
 * Makes text safe for a terminal: control characters other than newline and tab (an escape
 * sequence in a file name or an item, a carriage return that hides a line) are shown as `\xNN`.
 */
export function escapeTerminalText(text: string): string {
  let out = '';
  let start = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (
      (code < 0x20 && code !== 0x0a && code !== 0x09) ||
      code === 0x7f ||
      (code >= 0x80 && code < 0xa0)
    ) {
      out += `${text.slice(start, at)}\\x${code.toString(16).padStart(2, '0')}`;
      start = at + 1;
    }
  }
  return start === 0 ? text : out + text.slice(start);
}
