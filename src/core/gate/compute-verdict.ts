import picomatch from 'picomatch';
import type { ChecklistDocument } from '../checklist/checklist-types.js';
import type { GateConfig } from '../config/config-types.js';
import type { ChecklistChange, EvidenceSummary } from '../evidence/evidence-types.js';
import type { Finding, ValidationError } from '../rules/rule-types.js';

export interface Verdict {
  verdict: 'pass' | 'fail';
  gate: { phases: number[]; green: boolean; reasons: string[] };
  findings: Finding[];
  documents: ChecklistDocument[];
  errors: ValidationError[];
  /** What the change does to the gated documents (set by `runGate` when the base was read). */
  checklistChanges?: ChecklistChange[];
  /** What the evidence checks looked at (set by `runGate`). */
  evidence?: EvidenceSummary;
}

/** The gating phase for a target branch: the first matching glob, else the default. */
export function gatingPhase(config: GateConfig, branch: string | null): number {
  if (branch) {
    for (const [glob, phase] of Object.entries(config.gate.branches))
      if (picomatch.isMatch(branch, glob)) return phase;
  }
  return config.gate.phase;
}

/** Fails when the gating phase is not green in every document, or a blocking finding remains. */
export function computeVerdict(input: {
  documents: ChecklistDocument[];
  findings: Finding[];
  errors: ValidationError[];
  phase: number;
  untracked: GateConfig['untracked'];
  /** Inputs that could not be read: the gate fails closed on partial data. */
  unreadable?: string[];
}): Verdict {
  const reasons: string[] = [];
  for (const what of input.unreadable ?? [])
    reasons.push(`Could not read ${what}: the gate fails closed; re-run it with \`/readiness\`.`);
  if (input.documents.length === 0)
    reasons.push('No readiness document found: nothing proves the gate, so it cannot pass.');
  for (const document of input.documents) {
    const items = document.items.filter((item) => item.phase === input.phase);
    const blocking = items.filter(
      (item) =>
        item.state !== 'done' &&
        item.state !== 'skipped' &&
        !(item.state === 'untracked' && input.untracked === 'ignore'),
    );
    if (items.length === 0)
      reasons.push(`${document.path}: Phase ${input.phase} has no items (not tracked).`);
    else if (blocking.length > 0)
      reasons.push(
        `${document.path}: Phase ${input.phase} has ${blocking.length} of ${items.length} items not done.`,
      );
  }
  const green = reasons.length === 0;
  const blockingFindings = input.findings.filter(
    (finding) => finding.severity === 'error' && !finding.suppressed && !finding.waived,
  );
  if (blockingFindings.length > 0) reasons.push(`${blockingFindings.length} blocking finding(s).`);
  if (input.errors.length > 0)
    reasons.push(`${input.errors.length} configuration or rule error(s).`);
  const pass = reasons.length === 0;
  return {
    verdict: pass ? 'pass' : 'fail',
    gate: { phases: [input.phase], green, reasons },
    findings: input.findings,
    documents: input.documents,
    errors: input.errors,
  };
}
