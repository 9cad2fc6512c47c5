import type { ItemState } from '../checklist/checklist-types.js';

/** The built-in rules whose findings the gate produces itself (SPEC §2a). */
export const CLAIM_CONTRADICTED = 'claim-contradicted';
export const DELIVERABLE_MISSING = 'deliverable-missing';
export const CHECKLIST_DESCOPED = 'checklist-descoped';

export type ChecklistChangeKind =
  | 'ticked'
  | 'unticked'
  | 'added'
  | 'edited'
  | 'removed'
  | 'struck'
  | 'out-of-scope'
  | 'commented-out'
  | 'moved-phase'
  | 'document-deleted'
  | 'document-renamed'
  | 'document-added';

/** How the findings and the report word each kind of change. */
export const CHANGE_KIND_LABEL: Record<ChecklistChangeKind, string> = {
  ticked: 'ticked',
  unticked: 'unticked',
  added: 'added',
  edited: 'reworded',
  removed: 'removed',
  struck: 'struck through',
  'out-of-scope': 'moved out of scope',
  'commented-out': 'moved into an HTML comment',
  'moved-phase': 'moved to another phase',
  'document-deleted': 'document deleted',
  'document-renamed': 'document renamed',
  'document-added': 'document added',
};

/** One change a pull request makes to a gated document, for the report (issue 9, item 12). */
export interface ChecklistChange {
  /** The document's path at head (at base for a deleted document). */
  path: string;
  kind: ChecklistChangeKind;
  /** The item's text, or the other path for a renamed document. */
  text: string;
  /** Line at head, or at base for what is gone (`side` says which). */
  line: number;
  side: 'base' | 'head';
  /** The item's phase at base (at head for an added item). */
  phase: number | null;
  /** The phase it moved to, for `moved-phase`. */
  toPhase?: number | null;
  from?: ItemState;
  to?: ItemState;
  /** An open gating-phase item removed or de-scoped, or a gated document deleted: it blocks. */
  descoped: boolean;
}

/** What a rule still finds in the whole repository at head. */
export interface RuleViolations {
  rule: string;
  count: number;
  /** The first few, excerpts masked by the check. */
  locations: Array<{ path: string; line: number; excerpt: string | null }>;
}

/** What the evidence checks could and could not look at, for the report. */
export interface EvidenceSummary {
  /** Claims checked against the repository at head. */
  claims: boolean;
  /** Deliverables checked against the paths at head. */
  deliverables: boolean;
  /** Checklists compared with the base branch. */
  changes: boolean;
  /** Done items contradicted by the code, over all documents. */
  contradicted: number;
  notes: string[];
}
