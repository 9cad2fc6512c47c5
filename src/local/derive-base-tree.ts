import type { RawEntry } from './parse-git-raw.js';

/** A path of a tree: its mode, object id and size (-1 when not known). */
export interface TreeEntry {
  mode: string;
  id: string;
  size: number;
}

/**
 * The tree at the merge base, from the tree at head and the raw diff between them (one git
 * process less): what the diff touched takes its old mode and id (its size unknown: -1, the
 * blob read still caps it); what it added is not there.
 */
export function deriveBaseTree(
  head: Map<string, TreeEntry>,
  raw: RawEntry[],
): Map<string, TreeEntry> {
  const tree = new Map(head);
  for (const entry of raw) {
    if (entry.status === 'A' || entry.status === 'C') tree.delete(entry.path);
    else if (entry.status === 'R') {
      tree.delete(entry.path);
      tree.set(entry.oldPath as string, { mode: entry.oldMode, id: entry.oldId, size: -1 });
    } else tree.set(entry.path, { mode: entry.oldMode, id: entry.oldId, size: -1 });
  }
  return tree;
}
