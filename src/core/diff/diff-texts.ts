import { diffArrays } from 'diff';
import type { DiffLine } from './diff-types.js';

/** The work a blob diff may take; beyond it the file is listed as not scanned. */
export interface DiffLimits {
  /** Characters per side (GitHub omits patches for large files; blobs are read up to 1 MB). */
  maxChars: number;
  /** Lines that differ between the common prefix and suffix, both sides together. */
  maxLines: number;
  /** Myers' D: the number of inserted plus deleted lines the diff may find (work ≈ N·D). */
  maxEditLength: number;
}

export const DIFF_LIMITS: DiffLimits = {
  maxChars: 1_000_000,
  maxLines: 50_000,
  maxEditLength: 2_000,
};

export type BoundedDiff = { lines: DiffLine[]; reason: null } | { lines: null; reason: string };

const CONTEXT = 3;

function splitLines(text: string): string[] {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * The diff lines between two versions of a file (for files whose patch GitHub omits), within
 * fixed work bounds: common prefix and suffix are skipped in linear time, then Myers' diff runs
 * on the rest with an edit-length cap. Over a cap, binary content or a NUL byte, it returns the
 * reason instead, for the caller to list the file as not scanned.
 */
export function diffTextsBounded(
  before: string,
  after: string,
  limits: DiffLimits = DIFF_LIMITS,
): BoundedDiff {
  if (before.length > limits.maxChars || after.length > limits.maxChars)
    return {
      lines: null,
      reason: `larger than ${limits.maxChars.toLocaleString('en-US')} characters: not diffed`,
    };
  if (before.includes('\u0000') || after.includes('\u0000'))
    return { lines: null, reason: 'binary content (a NUL byte): not diffed' };
  const old = splitLines(before);
  const now = splitLines(after);
  let prefix = 0;
  while (prefix < old.length && prefix < now.length && old[prefix] === now[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < old.length - prefix &&
    suffix < now.length - prefix &&
    old[old.length - 1 - suffix] === now[now.length - 1 - suffix]
  )
    suffix++;
  const oldMiddle = old.slice(prefix, old.length - suffix);
  const newMiddle = now.slice(prefix, now.length - suffix);
  if (oldMiddle.length + newMiddle.length > limits.maxLines)
    return {
      lines: null,
      reason: `more than ${limits.maxLines.toLocaleString('en-US')} changed lines: not diffed`,
    };
  const changes =
    oldMiddle.length === 0 || newMiddle.length === 0
      ? [
          { value: oldMiddle, removed: true, added: false },
          { value: newMiddle, removed: false, added: true },
        ]
      : diffArrays(oldMiddle, newMiddle, { maxEditLength: limits.maxEditLength });
  if (!changes)
    return {
      lines: null,
      reason: `more than ${limits.maxEditLength.toLocaleString('en-US')} edits: not diffed`,
    };

  // The whole edit script, then only changed lines and their context are kept.
  const script: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  const same = (text: string) =>
    script.push({ kind: 'ctx', text, oldLine: oldLine++, newLine: newLine++ });
  old.slice(0, prefix).forEach(same);
  for (const change of changes) {
    for (const text of change.value) {
      if (change.added) script.push({ kind: 'add', text, oldLine: null, newLine: newLine++ });
      else if (change.removed)
        script.push({ kind: 'del', text, oldLine: oldLine++, newLine: null });
      else same(text);
    }
  }
  old.slice(old.length - suffix).forEach(same);
  let lastChange = -Infinity;
  const near = new Array<boolean>(script.length).fill(false);
  script.forEach((line, index) => {
    if (line.kind !== 'ctx') lastChange = index;
    near[index] = index - lastChange <= CONTEXT;
  });
  let nextChange = Infinity;
  for (let index = script.length - 1; index >= 0; index--) {
    if (script[index]!.kind !== 'ctx') nextChange = index;
    if (nextChange - index <= CONTEXT) near[index] = true;
  }
  return { lines: script.filter((_, index) => near[index]), reason: null };
}

/**
 * `diffTextsBounded` for callers that cannot list a file as not scanned: over a cap, every old
 * line counts as removed and every new line as added, so the rules still see all of it (more
 * findings, never fewer).
 */
export function diffTexts(before: string, after: string): DiffLine[] {
  const bounded = diffTextsBounded(before, after);
  if (bounded.lines) return bounded.lines;
  const old = splitLines(before);
  const now = splitLines(after);
  return [
    ...old.map((text, index): DiffLine => ({
      kind: 'del',
      text,
      oldLine: index + 1,
      newLine: null,
    })),
    ...now.map((text, index): DiffLine => ({
      kind: 'add',
      text,
      oldLine: null,
      newLine: index + 1,
    })),
  ];
}
