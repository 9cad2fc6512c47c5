import type { DiffLine } from '../core/diff/diff-types.js';

/** One `diff --git` section of a patch. */
export interface PatchSection {
  /** The `diff --git a/... b/...` line, as git wrote it (C-quoted names). */
  header: string;
  binary: boolean;
  lines: DiffLine[];
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Parses `git diff -p` output line by line as it streams in, handing each finished section to
 * `onSection`; only the section being read is held. Hunk lines are counted against the hunk
 * header, so no content line is ever mistaken for a header. Lines lose a trailing CR, so CRLF
 * files match like LF files.
 */
export function createPatchParser(onSection: (section: PatchSection) => void): {
  push(line: string): void;
  end(): void;
} {
  let section: PatchSection | null = null;
  let oldLeft = 0;
  let newLeft = 0;
  let oldLine = 0;
  let newLine = 0;
  const close = () => {
    if (section) onSection(section);
    section = null;
  };
  return {
    push(raw) {
      if (section && (oldLeft > 0 || newLeft > 0)) {
        const text = raw.slice(1).replace(/\r$/, '');
        const kind = raw[0];
        if (kind === '+') {
          section.lines.push({ kind: 'add', text, oldLine: null, newLine: newLine++ });
          newLeft--;
          return;
        }
        if (kind === '-') {
          section.lines.push({ kind: 'del', text, oldLine: oldLine++, newLine: null });
          oldLeft--;
          return;
        }
        if (kind === ' ' || raw === '') {
          section.lines.push({ kind: 'ctx', text, oldLine: oldLine++, newLine: newLine++ });
          oldLeft--;
          newLeft--;
          return;
        }
        if (kind === '\\') return;
        // Anything else ends the hunk early (a truncated stream); read it as a header line.
        oldLeft = newLeft = 0;
      }
      if (raw.startsWith('diff --git ')) {
        close();
        section = { header: raw, binary: false, lines: [] };
        return;
      }
      if (!section) return;
      if (raw.startsWith('\\')) return;
      const hunk = HUNK.exec(raw);
      if (hunk) {
        oldLine = Number(hunk[1]);
        oldLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
        newLine = Number(hunk[3]);
        newLeft = hunk[4] === undefined ? 1 : Number(hunk[4]);
        return;
      }
      if (raw.startsWith('Binary files ') || raw === 'GIT binary patch') section.binary = true;
    },
    end: close,
  };
}
