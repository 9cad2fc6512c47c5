import type { DiffLine, FileChange } from './diff-types.js';

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
      const match = /^diff --git (".*?"|\S+) (".*?"|\S+)$/.exec(raw);
      const path = match ? stripPrefix(match[2] as string) : raw.slice(11);
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
    const text = raw.slice(1).replace(/\r$/, '');
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
