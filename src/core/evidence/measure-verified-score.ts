import type { ChecklistDocument } from '../checklist/checklist-types.js';

/**
 * The measured score counting only verified items (issue 9, item 13): done items the code
 * contradicts do not count as done. Null when nothing is tracked.
 */
export function measureVerifiedScore(
  document: ChecklistDocument,
  contradictedLines: ReadonlySet<number>,
): { measured: number | null; contradicted: number } {
  let done = 0;
  let considered = 0;
  let contradicted = 0;
  for (const item of document.items) {
    if (item.state === 'skipped') continue;
    considered++;
    if (item.state !== 'done') continue;
    if (contradictedLines.has(item.line)) contradicted++;
    else done++;
  }
  return {
    measured: considered > 0 ? Math.round((done / considered) * 100) : null,
    contradicted,
  };
}
