import type { GateConfig } from '../config/config-types.js';
import type { FileChange } from '../diff/diff-types.js';
import type { Rule, ValidationError } from '../rules/rule-types.js';
import type { Waiver } from '../waivers/apply-waivers.js';
import type { ChecklistChange } from '../evidence/evidence-types.js';
import type { Verdict } from './compute-verdict.js';

/** A file the gate could not look at; it is listed, never passed silently. */
export interface NotScannedFile {
  path: string;
  reason: string;
  /** `binary`: a real binary (images, archives); anything else is text the gate could not read. */
  kind?: 'binary' | 'text';
}

/** What is being judged, for reports, links and logs. */
export interface GateTarget {
  kind: 'pull_request' | 'merge_group' | 'local';
  /** `owner/repo`, or null for a local repository without a GitHub remote. */
  repository: string | null;
  /** The pull request number, or null. */
  number: number | null;
  /** The target branch (picks the gating phase), or null when unknown. */
  baseRef: string | null;
  baseSha: string | null;
  headSha: string | null;
  /** `https://github.com/o/r/blob/<sha>` for links in reports, or null. */
  blobUrl: string | null;
  /** Whether branch protection requires the check on the target branch; null when unknown. */
  required: boolean | null;
}

/**
 * A `/readiness waive` given by someone whose permission the source checked. `fingerprints` is
 * what the App acknowledged earlier (the findings the waiver covers), or null for a waiver not
 * yet acknowledged: it then covers the findings it sees now, and the sink acknowledges it.
 */
export interface WaiverClaim extends Omit<Waiver, 'fingerprints'> {
  commentId: number | null;
  fingerprints: string[] | null;
}

/**
 * Everything one evaluation needs, read by a source in as few parallel reads as it can: plain,
 * serialisable data. The core never reads anything else.
 */
export interface GateSnapshot {
  target: GateTarget;
  /** The gate's config, from the base branch (with `_extends` followed). */
  config: GateConfig;
  /**
   * Where the config came from: whether the repository has one of its own, and every file
   * merged, nearest first (`owner/repo:path`). Absent when the source does not say.
   */
  configOrigin?: { own: boolean; files: string[] };
  /** The effective rules: the built-in pack tuned by the config. */
  rules: Rule[];
  /** Config and rule problems (base config, or a config the change itself edits): they block. */
  errors: ValidationError[];
  /**
   * The changed files: at hand, or handed over one at a time as the source reads them (a
   * streamed diff, so that memory holds one file, not the whole change). `runGate` reads them
   * once. A streaming source may add to `notScanned` and `unreadable` until the last change
   * has been handed over; `runGate` reads those lists after.
   */
  changes: FileChange[] | AsyncIterable<FileChange>;
  /** Every path in the tree at head, when the source knows it. */
  headPaths: string[] | null;
  /** The readiness documents at head. */
  checklists: Array<{ path: string; text: string }>;
  notScanned: NotScannedFile[];
  /**
   * Inputs the source could not read (a failed page, a missing blob): the gate fails closed and
   * names each one, never passes on partial data.
   */
  unreadable: string[];
  waivers: WaiverClaim[];
  /** An explicit gating phase (`--phase`), else picked from the config by `target.baseRef`. */
  phase?: number;
  /**
   * The gated documents at the base (same selection as `checklists`), to list what the change
   * does to them and catch de-scoped items (SPEC §2a). Absent: not compared, and said so.
   */
  baseChecklists?: Array<{ path: string; text: string }>;
  /**
   * Text files of the whole tree at head (size-capped by the source), to check claims against
   * the code (SPEC §2a). Absent or null: claims are not checked, and the report says so.
   */
  repository?: {
    /**
     * In path order when streamed (an array is sorted by `runGate`). As a function, `runGate`
     * calls it once, after the change, with the paths whose whole text at head the change
     * handed over (added files) and that it need not see again: the source may then give such a
     * path as `{ path, text: null }` instead of reading the file a second time.
     */
    files:
      | RepositoryFile[]
      | AsyncIterable<RepositoryFile>
      | ((shownWhole: ReadonlySet<string>) => AsyncIterable<RepositoryEntry>);
    truncated: boolean;
    /** Which caps cut the read, when `truncated` (for the report). */
    reasons?: string[];
  } | null;
}

/** A text file of the tree at head. */
export interface RepositoryFile {
  path: string;
  text: string;
}

/**
 * A file of the tree at head as a source's `repository.files(shownWhole)` gives it: its text,
 * or null for a path of `shownWhole` (the text is the one the change handed over whole).
 */
export type RepositoryEntry = RepositoryFile | { path: string; text: null };

/** What `runGate` hands to a sink: plain data, the same whatever the entry point. */
export interface GateOutcome {
  target: GateTarget;
  verdict: Verdict;
  /** Active waivers with the fingerprints they cover. */
  waivers: Waiver[];
  /** Waivers seen for the first time: a sink that can, acknowledges them (records fingerprints). */
  acknowledge: Array<Waiver & { commentId: number }>;
  notScanned: NotScannedFile[];
  unreadable: string[];
  /** Whether drafts get a comment, and other sink hints from the config. */
  config: Pick<GateConfig, 'comment'>;
  /** What the change does to the gated documents (empty when the base was not read). */
  checklistChanges?: ChecklistChange[];
}

/** Where an evaluation's inputs come from: a pull request, a merge group, a local repository. */
export interface GateSource {
  read(): Promise<GateSnapshot>;
}

/** Where an outcome goes: a check run and a comment, the console, an Action's summary. */
export interface GateSink<Result = void> {
  publish(outcome: GateOutcome): Promise<Result>;
}
