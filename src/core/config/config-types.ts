import type { Rule, Severity } from '../rules/rule-types.js';

export interface GateConfig {
  /** Checklist paths or globs; empty means the default discovery (SPEC §4). */
  checklists: string[];
  /** Gating phase per target-branch glob; `*` is the fallback. */
  gate: { phase: number; branches: Record<string, number> };
  /** Whether untracked items keep a phase from being green. */
  untracked: 'open' | 'ignore';
  ignore: string[];
  rules: { disable: string[]; severity: Record<string, Severity>; add: Rule[] };
  phasePattern: string | null;
  outOfScope: string[] | null;
  /** `_extends`: the config this one starts from (App only). */
  extends: string | null;
  /** Whether draft PRs get the sticky comment too (the check run always runs). */
  comment: { drafts: boolean };
  /**
   * What the App does on a repository with neither a readiness document nor its own config
   * (set in an organisation-wide config): `skip` posts nothing, `neutral` a neutral check run.
   */
  whenUnconfigured: 'skip' | 'neutral';
  /**
   * What a file the gate could not scan does to the verdict, by kind: text the gate could not
   * read (and submodules, and the files past GitHub's 3,000) fails by default; real binaries
   * (images, archives) only warn.
   */
  notScanned: NotScannedPolicy;
  /** Who may waive: the PR's author may not waive their own findings unless `allowAuthor`. */
  waivers: { allowAuthor: boolean };
  /**
   * The repository's migration convention: `forward-only` says migrations are never rolled
   * back, so `migration-rollback` stays quiet. Unset: judged from the migrations in the tree.
   */
  migrations?: 'reversible' | 'forward-only';
  /**
   * Extra links from checklist items to rules (SPEC §2a): an item whose text holds the
   * fragment is claimed-not-true while one of the rules finds violations at head.
   */
  evidence?: Record<string, string[]>;
}

export type NotScannedAction = 'fail' | 'warn';
export interface NotScannedPolicy {
  text: NotScannedAction;
  binary: NotScannedAction;
}

export const DEFAULT_CONFIG: GateConfig = {
  checklists: [],
  gate: { phase: 1, branches: {} },
  untracked: 'open',
  ignore: [],
  rules: { disable: [], severity: {}, add: [] },
  phasePattern: null,
  outOfScope: null,
  extends: null,
  comment: { drafts: false },
  whenUnconfigured: 'skip',
  notScanned: { text: 'fail', binary: 'warn' },
  waivers: { allowAuthor: false },
  evidence: {},
};
