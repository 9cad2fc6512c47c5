import type { FileChange } from '../diff/diff-types.js';

export const SEVERITIES = ['error', 'warning', 'notice'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface SourceLocation {
  path: string;
  line: number;
  column: number;
}

export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  /** The phase whose gate the rule belongs to. */
  phase: number;
  description: string;
  /** Fragments of checklist item text this rule gives evidence for. */
  checklist: string[];
  paths: { include: string[]; exclude: string[] };
  check: { kind: string } & Record<string, unknown>;
  /** Where the rule was written, for error messages. */
  source: SourceLocation;
  /** A config rule that replaces the built-in rule of the same id (`override: true`). */
  override?: boolean;
  /**
   * A rule of the built-in pack (set by the loader, never read from YAML): its patterns may run
   * on V8 once proven linear; every other rule's patterns run on RE2.
   */
  trusted?: boolean;
}

export interface Finding {
  rule: string;
  severity: Severity;
  phase: number;
  path: string;
  line: number;
  message: string;
  /** The offending text, masked when it may hold a secret. */
  excerpt: string | null;
  suppressed: boolean;
  /** The reason given with `readiness:allow`, or null. */
  suppression: string | null;
  waived: boolean;
  /**
   * Stable identity of the finding (rule, path, the offending line's text): a waiver covers the
   * fingerprints it saw, so it lapses when a later push changes the finding.
   */
  fingerprint: string;
}

export interface ValidationError {
  path: string;
  line: number;
  column: number;
  message: string;
}

/** What a check reports before the engine adds the rule's id, severity and suppression. */
export interface RawFinding {
  path: string;
  line: number;
  message: string;
  excerpt?: string | null;
  /** Lower than the rule's severity when the check knows the case is milder; never higher. */
  severity?: Severity;
}

export interface CheckContext {
  /** Every path in the tree at head, when the adapter knows it. */
  headPaths: ReadonlySet<string> | null;
  /**
   * Every change of the diff, for a check that declares `readsOtherChanges` and only when it
   * judges a change it named there: those changes whole, the others as stubs (path, status, no
   * lines). Empty for every other run.
   */
  changes: readonly FileChange[];
  /** The repository's migration convention from its config (`migrations: forward-only`). */
  migrations?: 'reversible' | 'forward-only';
}

export interface CompiledCheck {
  run(change: FileChange, context: CheckContext): RawFinding[];
  /**
   * For a check that looks at other changes (a migration's rollback file): the changes it must
   * see together. Those are kept, and judged once every change has arrived, with
   * `context.changes` filled in; every other change is judged on arrival and then dropped, so a
   * streamed diff never has to be held whole. Asked once of every change as it arrives (deleted,
   * binary and ignored ones too), so a check may note there what little it needs of a change it
   * does not keep.
   */
  readsOtherChanges?(change: FileChange): boolean;
}

/** The check kinds an entry point hands to the core, by the `kind` a rule names. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CheckRegistry = ReadonlyMap<string, CheckDefinition<any>>;

export interface CheckDefinition<Options> {
  meta: {
    kind: string;
    description: string;
    /** JSON Schema of the check's options (the keys next to `kind`). */
    schema: Record<string, unknown>;
  };
  /** Compiles the options once; returns an error message instead of throwing. */
  create(options: Options, rule: Rule): CompiledCheck | { error: string };
}
