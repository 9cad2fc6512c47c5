import type { DiffLine } from '../core/diff/diff-types.js';

/** One `diff --git` section of a patch. */
export interface PatchSection {
  /** The `diff --git a/... b/...` line, as git wrote it (C-quoted names). */
  header: string;
  binary: boolean;
  lines: DiffLine[];
  /** Its lines came to more than the parser's limit: they were counted, not kept. */
  tooLarge?: boolean;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Parses `git diff -p` output line by line as it streams in, handing each finished section to
 * `onSection`; only the section being read is held. Hunk lines are counted against the hunk
 * header, so no content line is ever mistaken for a header. Lines lose a trailing CR, so CRLF
 * files match like LF files.
 */
export function createPatchParser(
  onSection: (section: PatchSection) => void,
  /** The most bytes of lines a section keeps; past it the section is marked `tooLarge`. */
  maxSectionBytes = Infinity,
): {
  /** One line, without its newline: `raw[start..end)` (no copy of the bytes is made). */
  push(raw: Buffer, start?: number, end?: number): void;
  end(): void;
} {
  let section: PatchSection | null = null;
  let oldLeft = 0;
  let newLeft = 0;
  let oldLine = 0;
  let newLine = 0;
  let kept = 0;
  const close = () => {
    if (section) onSection(section);
    section = null;
  };
  return {
    push(raw, start = 0, stop = raw.length) {
      if (section && (oldLeft > 0 || newLeft > 0)) {
        const kind = stop > start ? raw[start] : undefined;
        kept += stop - start;
        if (kept > maxSectionBytes && kind !== 0x5c && !section.tooLarge) {
          section.tooLarge = true;
          section.lines = [];
        }
        if (
          section.tooLarge &&
          (kind === 0x2b || kind === 0x2d || kind === 0x20 || kind === undefined)
        ) {
          // Counted so the hunk still ends where git says, never kept.
          if (kind !== 0x2b) oldLeft--;
          if (kind !== 0x2d) newLeft--;
          return;
        }
        // The text is decoded from the bytes after the marker (and before a CR): a string of its
        // own, not a slice that would keep the whole line alive.
        const end = stop - start > 1 && raw[stop - 1] === 0x0d ? stop - 1 : stop;
        if (kind === 0x2b) {
          const text = raw.toString('utf8', start + 1, end);
          section.lines.push({ kind: 'add', text, oldLine: null, newLine: newLine++ });
          newLeft--;
          return;
        }
        if (kind === 0x2d) {
          const text = raw.toString('utf8', start + 1, end);
          section.lines.push({ kind: 'del', text, oldLine: oldLine++, newLine: null });
          oldLeft--;
          return;
        }
        if (kind === 0x20 || kind === undefined) {
          const text = kind === undefined ? '' : raw.toString('utf8', start + 1, end);
          section.lines.push({ kind: 'ctx', text, oldLine: oldLine++, newLine: newLine++ });
          oldLeft--;
          newLeft--;
          return;
        }
        if (kind === 0x5c) return;
        // Anything else ends the hunk early (a truncated stream); read it as a header line.
        oldLeft = newLeft = 0;
      }
      const line = raw.toString('utf8', start, stop);
      if (line.startsWith('diff --git ')) {
        close();
        section = { header: line, binary: false, lines: [] };
        kept = 0;
        return;
      }
      if (!section) return;
      if (line.startsWith('\\')) return;
      const hunk = HUNK.exec(line);
      if (hunk) {
        oldLine = Number(hunk[1]);
        oldLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
        newLine = Number(hunk[3]);
        newLeft = hunk[4] === undefined ? 1 : Number(hunk[4]);
        return;
      }
      if (line.startsWith('Binary files ') || line === 'GIT binary patch') section.binary = true;
    },
    end: close,
  };
}
