/** A change as plain data: what the rules see, whatever produced it (git, GitHub). */

export interface DiffLine {
  kind: 'add' | 'del' | 'ctx';
  text: string;
  /** Line in the old file (del, ctx) or null. */
  oldLine: number | null;
  /** Line in the new file (add, ctx) or null. */
  newLine: number | null;
}

export interface FileChange {
  path: string;
  /** The path before a rename, or null. */
  oldPath: string | null;
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  binary: boolean;
  lines: DiffLine[];
  /** The whole file at head when the adapter could read it (for `file` scope), else null. */
  content: string | null;
}
