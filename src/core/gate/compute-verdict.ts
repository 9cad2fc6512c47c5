import picomatch from 'picomatch';
import type { ChecklistDocument } from '../checklist/checklist-types.js';
import { DEFAULT_CONFIG, type GateConfig, type NotScannedAction } from '../config/config-types.js';
import type { ChecklistChange, EvidenceSummary } from '../evidence/evidence-types.js';
import type { Finding, Rule, ValidationError } from '../rules/rule-types.js';
import {
  listSuppressions,
  type AddedAllowLines,
  type Suppression,
} from '../waivers/list-suppressions.js';
import { classifyNotScanned } from './classify-not-scanned.js';
import type { NotScannedFile } from './gate-snapshot.js';

/** A file the gate could not scan, with its kind settled and what the config makes of it. */
export interface JudgedNotScanned extends NotScannedFile {
  kind: 'binary' | 'text';
  action: NotScannedAction;
}

export interface Verdict {
  verdict: 'pass' | 'fail';
  gate: { phases: number[]; green: boolean; reasons: string[] };
  findings: Finding[];
  documents: ChecklistDocument[];
  errors: ValidationError[];
  /** Files the gate could not scan (present when there are any); `fail` ones block. */
  notScanned?: JudgedNotScanned[];
  /** Built-in rules the config replaced with `override: true` (present when any). */
  overridden?: Array<{ rule: string; path: string; line: number }>;
  /** Findings kept from blocking by `readiness:allow`, those the change added first. */
  suppressions?: Suppression[];
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

const SHOWN_PATHS = 5;

/**
 * Fails when the gating phase is not green in every document, a blocking finding remains, or a
 * file could not be scanned and the config's `notScanned` policy says `fail` for its kind.
 */
export function computeVerdict(input: {
  documents: ChecklistDocument[];
  findings: Finding[];
  errors: ValidationError[];
  phase: number;
  untracked: GateConfig['untracked'];
  /** Inputs that could not be read: the gate fails closed on partial data. */
  unreadable?: string[];
  /** Files the source could not scan; a missing `kind` is classified by path. */
  notScanned?: NotScannedFile[];
  notScannedPolicy?: GateConfig['notScanned'];
  /** The effective rules, to list the built-in ones the config overrode. */
  rules?: Rule[];
  /**
   * The `readiness:allow` lines the change added (`noteAddedAllowLines`, gathered as the change
   * streams past), to tell which suppressions it added itself.
   */
  addedAllowLines?: AddedAllowLines;
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

  const policy = input.notScannedPolicy ?? DEFAULT_CONFIG.notScanned;
  const notScanned: JudgedNotScanned[] = (input.notScanned ?? []).map((file) => {
    const kind = file.kind ?? classifyNotScanned(file.path);
    return { ...file, kind, action: policy[kind] };
  });
  const failing = notScanned.filter((file) => file.action === 'fail');
  if (failing.length > 0) {
    const shown = failing
      .slice(0, SHOWN_PATHS)
      .map((file) => `\`${file.path}\``)
      .join(', ');
    const more = failing.length > SHOWN_PATHS ? ` and ${failing.length - SHOWN_PATHS} more` : '';
    reasons.push(
      `${failing.length} file(s) could not be scanned (${shown}${more}); \`notScanned\` in the base config decides whether that blocks.`,
    );
  }

  const overridden = (input.rules ?? [])
    .filter((rule) => rule.override === true)
    .map((rule) => ({ rule: rule.id, path: rule.source.path, line: rule.source.line }));
  const suppressions = listSuppressions(input.findings, input.addedAllowLines ?? new Map());
  const pass = reasons.length === 0;
  return {
    verdict: pass ? 'pass' : 'fail',
    gate: { phases: [input.phase], green, reasons },
    findings: input.findings,
    documents: input.documents,
    errors: input.errors,
    ...(notScanned.length > 0 ? { notScanned } : {}),
    ...(overridden.length > 0 ? { overridden } : {}),
    ...(suppressions.length > 0 ? { suppressions } : {}),
  };
}
