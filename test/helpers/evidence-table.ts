import { CHECKS } from '../../src/checks/index.js';
import { DEFAULT_CONFIG, type GateConfig } from '../../src/core/config/config-types.js';
import type { GateSnapshot } from '../../src/core/gate/gate-snapshot.js';
import { runGate } from '../../src/core/gate/run-gate.js';
import type { Finding } from '../../src/core/rules/rule-types.js';
import { describeFindingTable, type ExpectedFindings } from './describe-finding-table.js';
import { loadBuiltinRules } from '../../src/local/load-builtin-rules.js';
import { makeLocalTarget } from './make-local-target.js';

const PACK = loadBuiltinRules().rules;
const PLAN = 'docs/PLAN.md';

export interface EvidenceCase {
  name: string;
  /** The gated document at head (`docs/PLAN.md` unless `path`), or null when it is gone. */
  plan: string | null;
  path?: string;
  /** The document at base (`basePath`, else the same path); absent: base not compared. */
  base?: string;
  basePath?: string;
  /** Other files of the repository at head: their paths exist and their text is scanned. */
  files?: Record<string, string>;
  config?: Partial<GateConfig>;
}

export interface InvalidEvidenceCase extends EvidenceCase {
  findings: ExpectedFindings;
}

/** An in-memory snapshot of the case: the whole repository at head is read. */
function snapshotOf(test: EvidenceCase): GateSnapshot {
  const path = test.path ?? PLAN;
  const files: Record<string, string> = {
    ...(test.plan === null ? {} : { [path]: test.plan }),
    ...test.files,
  };
  return {
    target: makeLocalTarget(),
    config: { ...DEFAULT_CONFIG, ...test.config },
    rules: PACK,
    errors: [],
    changes: [],
    headPaths: Object.keys(files),
    checklists: test.plan === null ? [] : [{ path, text: test.plan }],
    notScanned: [],
    unreadable: [],
    waivers: [],
    ...(test.base === undefined
      ? {}
      : { baseChecklists: [{ path: test.basePath ?? path, text: test.base }] }),
    repository: {
      files: Object.entries(files).map(([file, text]) => ({ path: file, text })),
      truncated: false,
    },
  };
}

/** The findings of rule `id` that fire (not suppressed) when `runGate` judges the case. */
export async function runEvidenceCase(id: string, test: EvidenceCase): Promise<Finding[]> {
  return (await runGate(snapshotOf(test), CHECKS)).verdict.findings.filter(
    (f) => f.rule === id && !f.suppressed,
  );
}

/**
 * The table test of a rule the gate evaluates itself (`gate-evidence`: on the documents, the
 * repository at head and the base, not on a diff), in the style of `ruleTable`: `valid` cases
 * must not fire, `invalid` cases must fire exactly where and how they say.
 */
export function evidenceTable(
  id: string,
  table: { valid: EvidenceCase[]; invalid: InvalidEvidenceCase[] },
) {
  const rule = PACK.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`no built-in rule ${id}`);
  describeFindingTable(id, rule.severity, table, (test) => runEvidenceCase(id, test));
}
