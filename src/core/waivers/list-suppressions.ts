import type { FileChange } from '../diff/diff-types.js';
import { ALLOW } from '../rules/evaluate-rules.js';
import { findScannedKeywordLines } from '../rules/find-keyword-lines.js';
import { MAX_LINE } from '../rules/find-secrets.js';
import type { Finding } from '../rules/rule-types.js';

/** A `readiness:allow` that keeps a finding from blocking, shown in every report. */
export interface Suppression {
  rule: string;
  path: string;
  line: number;
  reason: string | null;
  /** True when the change itself adds the `readiness:allow` line: reviewers must see it. */
  addedByChange: boolean;
}

/** Lines that `readiness:allow` marks, by path, for which a change added them itself. */
export type AddedAllowLines = Map<string, Set<number>>;

// The rules' keyword scan of a change (when it ran) tells the few lines worth searching.
const scannedAllowLines = findScannedKeywordLines([ALLOW]);

/** Records the added lines of `change` that carry `readiness:allow` (called once per change). */
export function noteAddedAllowLines(change: FileChange, into: AddedAllowLines): AddedAllowLines {
  const flagged = scannedAllowLines(change);
  for (let index = 0; index < change.lines.length; index++) {
    // The scan reads MAX_LINE characters of a line, in any case: it rules out, never in.
    if (flagged !== null && flagged[index] === 0 && change.lines[index]!.text.length <= MAX_LINE)
      continue;
    const line = change.lines[index]!;
    if (line.kind === 'add' && line.newLine !== null && line.text.includes(ALLOW)) {
      let lines = into.get(change.path);
      if (!lines) into.set(change.path, (lines = new Set()));
      lines.add(line.newLine);
    }
  }
  return into;
}

/**
 * The suppressed findings, with whether the change added the suppression itself (the finding's
 * line or the one above carries `readiness:allow` and is an added line), those first.
 */
export function listSuppressions(
  findings: Finding[],
  added: ReadonlyMap<string, ReadonlySet<number>>,
): Suppression[] {
  return findings
    .filter((finding) => finding.suppressed)
    .map((finding) => {
      const lines = added.get(finding.path);
      return {
        rule: finding.rule,
        path: finding.path,
        line: finding.line,
        reason: finding.suppression,
        addedByChange:
          lines !== undefined && (lines.has(finding.line) || lines.has(finding.line - 1)),
      };
    })
    .sort((a, b) => Number(b.addedByChange) - Number(a.addedByChange));
}
