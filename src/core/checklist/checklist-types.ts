/** The checklist model of SPEC §2. Plain serialisable data only. */

export const ITEM_STATES = ['done', 'open', 'warning', 'failed', 'skipped', 'untracked'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export type StateCounts = Record<ItemState, number>;

/** Where an item came from, so reports can say why it is an item at all. */
export type ItemSource = 'checkbox' | 'marker' | 'table' | 'untracked';

export interface ChecklistItem {
  text: string;
  state: ItemState;
  /** 1-based line in the original file. */
  line: number;
  /** The phase the item counts for, or null when it sits outside every phase. */
  phase: number | null;
  /** Titles of the headings above the item, outermost first, without the document title. */
  section: string[];
  source: ItemSource;
  /** The marker that decided the state (`[x]`, `✅`, `Done`, ...), or null. */
  marker: string | null;
  /** Line of the item this one is nested under, or null. */
  parent: number | null;
  /** A table row's category cell ("Security" beside "Rotate leaked keys"), when it has one. */
  context?: string;
}

export interface ChecklistPhase {
  number: number;
  title: string;
  /** Line of the heading that starts the phase (or first names it); 0 for an implicit phase. */
  line: number;
  /** At least one item, and every item done or skipped. */
  green: boolean;
  /** False when the phase has no items: a phase that is not tracked is never green. */
  tracked: boolean;
  /** The state its own heading claims (`✅ COMPLETE`), or null. */
  claim: ItemState | null;
  counts: StateCounts;
}

export interface DocumentClaim {
  text: string;
  line: number;
  /** The percentage the document claims (a readiness statement counts as 100). */
  claimed: number;
  /**
   * done / (all − skipped) in percent, or null when nothing is tracked. When the gate checked
   * claims against the code, done items the code contradicts do not count.
   */
  measured: number | null;
  /** Done items the code contradicts (set by the gate when it checked claims). */
  contradicted?: number;
}

export interface Inconsistency {
  line: number;
  message: string;
}

export interface MojibakeRepair {
  line: number;
  from: string;
  to: string;
  encoding: 'windows-1252' | 'mac-roman';
}

export interface ChecklistDocument {
  path: string;
  title: string | null;
  /** True when the document has no phase headings and is read as one implicit phase 1. */
  implicitPhase: boolean;
  phases: ChecklistPhase[];
  items: ChecklistItem[];
  claims: DocumentClaim[];
  inconsistencies: Inconsistency[];
  repairs: MojibakeRepair[];
}

export interface ParseError {
  path: string;
  line: number;
  message: string;
}

export interface ChecklistOptions {
  /**
   * Source of a regular expression that finds a phase in a heading; its first capture group is
   * the phase number. Matched case-insensitively.
   */
  phasePattern: string;
  /** Section titles whose items are out of scope (matched as a leading word, case-insensitive). */
  outOfScopeTitles: string[];
}

export const DEFAULT_CHECKLIST_OPTIONS: ChecklistOptions = {
  phasePattern: '\\bphase\\s*(\\d+)[a-z]?\\b',
  outOfScopeTitles: [
    'Out of Scope',
    'Future',
    'Future Enhancements',
    'Future Work',
    'Nice to have',
    'Optional',
    'Not in Scope',
  ],
};

export function emptyCounts(): StateCounts {
  return { done: 0, open: 0, warning: 0, failed: 0, skipped: 0, untracked: 0 };
}
