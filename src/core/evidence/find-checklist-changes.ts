import type { ChecklistDocument, ChecklistItem } from '../checklist/checklist-types.js';
import type { ChecklistChange } from './evidence-types.js';

const OPEN_STATES = new Set(['open', 'warning', 'failed', 'untracked']);

function key(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s*_`~]+/g, ' ')
    .trim();
}

/** Whether `needle` sits inside an HTML comment of `text` (the last `<!--` before it is open). */
function insideComment(text: string, needle: string): boolean {
  let at = text.indexOf(needle);
  while (at !== -1) {
    if (text.lastIndexOf('<!--', at) > text.lastIndexOf('-->', at)) return true;
    at = text.indexOf(needle, at + needle.length);
  }
  return false;
}

function isStruck(item: ChecklistItem): boolean {
  return item.state === 'skipped' && (item.marker === '~~' || item.marker === '[-]');
}

/**
 * Every change a pull request makes to the gated documents, base against head (issue 9, item
 * 12): ticked and unticked boxes, items added, removed, struck, moved out of scope, into an
 * HTML comment or to another phase, and documents deleted, renamed or added. Items are paired
 * by their text. Removing or de-scoping an item that is open at base in the gating phase, or
 * deleting a gated document, is `descoped`.
 */
export function findChecklistChanges(input: {
  base: readonly ChecklistDocument[];
  head: readonly ChecklistDocument[];
  /** Source text of the documents at head, by path (to see items moved into comments). */
  headTexts: ReadonlyMap<string, string>;
  phase: number;
}): ChecklistChange[] {
  const changes: ChecklistChange[] = [];
  const headByPath = new Map(input.head.map((document) => [document.path, document]));
  const baseByPath = new Map(input.base.map((document) => [document.path, document]));
  const gating = (item: ChecklistItem) => item.phase === input.phase;

  for (const base of input.base) {
    const head = headByPath.get(base.path);
    if (head) {
      changes.push(...compareDocuments(base, head, input.headTexts.get(head.path) ?? '', gating));
      continue;
    }
    const renamed = input.head.find(
      (candidate) =>
        !baseByPath.has(candidate.path) &&
        candidate.title !== null &&
        candidate.title === base.title,
    );
    if (renamed) {
      changes.push({
        path: base.path,
        kind: 'document-renamed',
        text: renamed.path,
        line: 1,
        side: 'base',
        phase: null,
        descoped: false,
      });
      changes.push(
        ...compareDocuments(base, renamed, input.headTexts.get(renamed.path) ?? '', gating),
      );
    } else {
      changes.push({
        path: base.path,
        kind: 'document-deleted',
        text: base.title ?? base.path,
        line: 1,
        side: 'base',
        phase: null,
        descoped: true,
      });
    }
  }
  const renamedTo = new Set(
    changes.filter((change) => change.kind === 'document-renamed').map((change) => change.text),
  );
  for (const head of input.head) {
    if (baseByPath.has(head.path) || renamedTo.has(head.path)) continue;
    changes.push({
      path: head.path,
      kind: 'document-added',
      text: head.title ?? head.path,
      line: 1,
      side: 'head',
      phase: null,
      descoped: false,
    });
  }
  return changes;
}

function words(text: string): Set<string> {
  return new Set(key(text).match(/[\p{L}\p{N}]+/gu) ?? []);
}

/** Most words of the shorter text shared (two at least): the same item, reworded. */
function similar(a: string, b: string): boolean {
  const left = words(a);
  const right = words(b);
  if (left.size === 0 || right.size === 0) return false;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared++;
  return shared >= 2 && shared / Math.min(left.size, right.size) >= 0.75;
}

function compareDocuments(
  base: ChecklistDocument,
  head: ChecklistDocument,
  headText: string,
  gating: (item: ChecklistItem) => boolean,
): ChecklistChange[] {
  const changes: ChecklistChange[] = [];
  const pool = new Map<string, ChecklistItem[]>();
  for (const item of head.items) {
    const list = pool.get(key(item.text)) ?? [];
    list.push(item);
    pool.set(key(item.text), list);
  }
  const matched = new Set<ChecklistItem>();
  const pairs: Array<[ChecklistItem, ChecklistItem | undefined]> = base.items.map((before) => {
    const after = pool.get(key(before.text))?.shift();
    if (after) matched.add(after);
    return [before, after];
  });
  // A reworded item is paired with an unmatched item of the same phase that shares its words.
  const leftovers = head.items.filter((item) => !matched.has(item));
  for (const pair of pairs) {
    if (pair[1]) continue;
    const index = leftovers.findIndex(
      (item) => item.phase === pair[0].phase && similar(item.text, pair[0].text),
    );
    if (index === -1) continue;
    pair[1] = leftovers[index];
    matched.add(leftovers[index] as ChecklistItem);
    leftovers.splice(index, 1);
  }

  for (const [before, after] of pairs) {
    const wasOpen = OPEN_STATES.has(before.state);
    const at = { path: head.path, text: before.text, phase: before.phase };
    if (!after) {
      const commented = before.text.length >= 4 && insideComment(headText, before.text);
      changes.push({
        ...at,
        kind: commented ? 'commented-out' : 'removed',
        line: before.line,
        side: 'base',
        from: before.state,
        descoped: wasOpen && gating(before),
      });
      continue;
    }
    const moved = {
      ...at,
      line: after.line,
      side: 'head' as const,
      from: before.state,
      to: after.state,
    };
    if (wasOpen && after.state === 'skipped') {
      changes.push({
        ...moved,
        kind: isStruck(after) ? 'struck' : 'out-of-scope',
        descoped: gating(before),
      });
    } else if (before.phase !== after.phase) {
      changes.push({
        ...moved,
        kind: 'moved-phase',
        toPhase: after.phase,
        descoped: wasOpen && gating(before),
      });
    } else if (before.state !== 'done' && after.state === 'done') {
      changes.push({ ...moved, kind: 'ticked', descoped: false });
    } else if (before.state === 'done' && after.state !== 'done') {
      changes.push({ ...moved, kind: 'unticked', descoped: false });
    } else if (key(before.text) !== key(after.text)) {
      changes.push({ ...moved, kind: 'edited', text: after.text, descoped: false });
    }
  }
  for (const item of leftovers) {
    changes.push({
      path: head.path,
      kind: 'added',
      text: item.text,
      line: item.line,
      side: 'head',
      phase: item.phase,
      to: item.state,
      descoped: false,
    });
  }
  return changes;
}
