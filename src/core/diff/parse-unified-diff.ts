import type { DiffLine, FileChange } from './diff-types.js';

const WHITESPACE = /\s/;
const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  // git quotes paths with special characters C-style; octal escapes are UTF-8 bytes.
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char !== '\\') {
      bytes.push(...new TextEncoder().encode(char));
      continue;
    }
    const next = body[i + 1] as string;
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(
        ({ n: 10, t: 9, '"': 34, '\\': 92 } as Record<string, number>)[next] ?? next.charCodeAt(0),
      );
      i += 1;
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

/** The end of a C-quoted path that opens at `start`, past its closing quote, or -1. */
function quotedEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/** The end of the run of non-space characters from `start`. */
function tokenEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length && !WHITESPACE.test(text[i] as string)) i++;
  return i;
}

/**
 * The new path of `diff --git OLD NEW`, each path C-quoted or free of spaces, scanned once from
 * the left (a pattern with two lazy quoted alternatives is superlinear on a line of quotes).
 * An unquoted path with spaces reads from `a/P b/P` when both halves agree.
 */
function readHeaderPath(header: string): string | null {
  const ends = (start: number) => {
    const quoted = header[start] === '"' ? quotedEnd(header, start) : -1;
    const bare = tokenEnd(header, start);
    return quoted === -1 || quoted === bare ? [bare] : [quoted, bare];
  };
  for (const first of ends(0)) {
    if (first === 0 || header[first] !== ' ') continue;
    for (const second of ends(first + 1)) {
      if (second === header.length && second > first + 1) return header.slice(first + 1);
    }
  }
  const length = (header.length - 5) / 2;
  if (Number.isInteger(length) && length > 0 && header.startsWith('a/')) {
    const path = header.slice(2, 2 + length);
    if (header.slice(2 + length) === ` b/${path}`) return `b/${path}`;
  }
  return null;
}

function stripPrefix(path: string): string {
  return unquote(path).replace(/^[ab]\//, '');
}

/**
 * Reads `git diff` output (with rename detection) into file changes. Lines keep their text
 * without the trailing CR, so CRLF files match like LF files.
 */
export function parseUnifiedDiff(diff: string): FileChange[] {
  const files: FileChange[] = [];
  let file: FileChange | null = null;
  let oldLine = 0;
  let newLine = 0;
  let inHunk = false;
  for (const raw of diff.split('\n')) {
    if (raw.startsWith('diff --git ')) {
      const header = readHeaderPath(raw.slice(11));
      const path = header === null ? raw.slice(11) : stripPrefix(header);
      file = { path, oldPath: null, status: 'modified', binary: false, lines: [], content: null };
      files.push(file);
      inHunk = false;
      continue;
    }
    if (!file) continue;
    if (!inHunk) {
      if (raw.startsWith('new file mode')) file.status = 'added';
      else if (raw.startsWith('deleted file mode')) file.status = 'deleted';
      else if (raw.startsWith('rename from ')) {
        file.oldPath = unquote(raw.slice(12));
        file.status = 'renamed';
      } else if (raw.startsWith('rename to ')) file.path = unquote(raw.slice(10));
      else if (raw.startsWith('Binary files ') || raw === 'GIT binary patch') file.binary = true;
      else if (raw.startsWith('+++ ') && raw !== '+++ /dev/null')
        file.path = stripPrefix(raw.slice(4));
    }
    const hunk = HUNK.exec(raw);
    if (hunk) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    const text = raw.endsWith('\r') ? raw.slice(1, -1) : raw.slice(1);
    let line: DiffLine | null = null;
    if (raw.startsWith('+')) line = { kind: 'add', text, oldLine: null, newLine: newLine++ };
    else if (raw.startsWith('-')) line = { kind: 'del', text, oldLine: oldLine++, newLine: null };
    else if (raw.startsWith(' '))
      line = { kind: 'ctx', text, oldLine: oldLine++, newLine: newLine++ };
    else if (raw.startsWith('\\')) continue;
    else inHunk = false;
    if (line) file.lines.push(line);
  }
  return files;
}
