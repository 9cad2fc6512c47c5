import type { ChecklistDocument } from '../checklist/checklist-types.js';
import { ALLOW, allowOn } from '../rules/evaluate-rules.js';
import type { CheckRegistry, Finding, Rule } from '../rules/rule-types.js';
import {
  CHANGE_KIND_LABEL,
  CHECKLIST_DESCOPED,
  CLAIM_CONTRADICTED,
  DELIVERABLE_MISSING,
  type ChecklistChange,
  type EvidenceSummary,
} from './evidence-types.js';
import { findChecklistChanges } from './find-checklist-changes.js';
import { findContradictedClaims } from './find-contradicted-claims.js';
import { findMissingDeliverables } from './find-missing-deliverables.js';
import { linkItemsToRules } from './link-items-to-rules.js';
import { makeEvidenceFinding } from './make-evidence-finding.js';
import { scanRepository, type RepositoryFiles, type ScannedInDiff } from './scan-repository.js';

export interface EvidenceInput {
  documents: readonly ChecklistDocument[];
  /** Source text of the documents at head, by path. */
  texts: ReadonlyMap<string, string>;
  /** The gated documents at base, parsed; null when the source did not read them. */
  baseDocuments: readonly ChecklistDocument[] | null;
  repository: {
    files: RepositoryFiles;
    truncated: boolean;
    reasons?: readonly string[];
  } | null;
  /** Files the diff showed whole, with their findings: not scanned twice. */
  scannedInDiff?: ScannedInDiff | null;
  /** Every path at head, or null when the source did not list them. */
  headPaths: ReadonlySet<string> | null;
  rules: readonly Rule[];
  registry: CheckRegistry;
  evidence: Readonly<Record<string, readonly string[]>>;
  ignore: string[];
  phase: number;
}

export interface EvidenceResult {
  findings: Finding[];
  changes: ChecklistChange[];
  summary: EvidenceSummary;
  /** Lines of done items the code contradicts, by document path. */
  contradicted: Map<string, Set<number>>;
  /** Why the gate must fail without these checks (asked for, but not possible), or empty. */
  failures: string[];
}

/**
 * The checks of SPEC §2a on one snapshot: claims against the repository at head, deliverables
 * against the paths at head, the checklists against the base branch. Each check runs only when
 * its rule is active and its input was read; what could not be checked is said in `notes`, and
 * a check the config explicitly asks for that cannot run is a failure, never a silent pass.
 */
export async function runEvidenceChecks(input: EvidenceInput): Promise<EvidenceResult> {
  const rule = (id: string) => input.rules.find((candidate) => candidate.id === id);
  const findings: Finding[] = [];
  const notes: string[] = [];
  const failures: string[] = [];
  const summary: EvidenceSummary = {
    claims: false,
    deliverables: false,
    changes: false,
    contradicted: 0,
    notes,
  };
  let contradicted = new Map<string, Set<number>>();

  const contradictedRule = rule(CLAIM_CONTRADICTED);
  if (contradictedRule) {
    const items = input.documents.flatMap((document) => document.items);
    const checkable = input.rules.filter(
      (candidate) =>
        candidate.check.kind !== 'gate-evidence' && input.registry.has(candidate.check.kind),
    );
    const { links, unknown } = linkItemsToRules(items, checkable, input.evidence);
    if (unknown.length > 0)
      notes.push(
        `Evidence links name rules that are not active: ${unknown.map((id) => `\`${id}\``).join(', ')}.`,
      );
    if (!input.repository) {
      notes.push('Claims were not checked against the code: the repository at head was not read.');
      if (Object.keys(input.evidence).length > 0)
        failures.push(
          'The config links checklist items to rules (`evidence`), but the repository at head was not read: the claims cannot be checked.',
        );
    } else {
      const wanted = new Set([...links.values()].flat());
      const { violations, unread } = await scanRepository(
        checkable.filter((candidate) => wanted.has(candidate.id)),
        input.repository.files,
        input.registry,
        {
          ignore: input.ignore,
          headPaths: input.headPaths,
          scannedInDiff: input.scannedInDiff ?? null,
        },
      );
      const result = findContradictedClaims({
        documents: input.documents,
        links,
        violations,
        rule: contradictedRule,
        phase: input.phase,
        blocking: new Set(
          checkable.filter((candidate) => candidate.severity === 'error').map((c) => c.id),
        ),
      });
      if (unread.length > 0)
        failures.push(
          `Could not read ${unread.length} file(s) at head for evidence (${unread.slice(0, 3).join(', ')}${unread.length > 3 ? ', …' : ''}): the gate fails closed; re-run it with \`/readiness\`.`,
        );
      findings.push(...result.findings);
      contradicted = result.contradicted;
      summary.claims = true;
      summary.contradicted = result.findings.length;
      if (input.repository.truncated)
        notes.push(
          `The repository at head was read only in part (${input.repository.reasons?.length ? input.repository.reasons.join(', ') : 'size cap'}): claims were checked against the files read.`,
        );
    }
  }

  const missingRule = rule(DELIVERABLE_MISSING);
  if (missingRule) {
    if (input.headPaths) {
      findings.push(
        ...findMissingDeliverables({
          documents: input.documents,
          texts: input.texts,
          headPaths: input.headPaths,
          rule: missingRule,
          phase: input.phase,
        }),
      );
      summary.deliverables = true;
    } else {
      notes.push('Deliverables were not checked: the paths at head were not read.');
    }
  }

  let changes: ChecklistChange[] = [];
  if (input.baseDocuments) {
    changes = findChecklistChanges({
      base: input.baseDocuments,
      head: input.documents,
      headTexts: input.texts,
      phase: input.phase,
    });
    summary.changes = true;
    const descopedRule = rule(CHECKLIST_DESCOPED);
    if (descopedRule) {
      // A gated document renamed to another gated path is still read: a warning, not a block.
      for (const change of changes.filter((candidate) => candidate.kind === 'document-renamed')) {
        findings.push(
          makeEvidenceFinding({
            rule: descopedRule,
            path: change.path,
            line: 1,
            subject: `${change.kind}\u0000${change.text}`,
            message: `Unexpected rename of the gated document \`${change.path}\` to \`${change.text}\`, expected its path kept (its items are compared under the new path)`,
            inGatingPhase: false,
          }),
        );
      }
      for (const change of changes.filter((candidate) => candidate.descoped)) {
        const what =
          change.kind === 'document-deleted'
            ? `Unexpected deletion of the gated document \`${change.path}\``
            : `Unexpected open Phase ${change.phase} item “${change.text}” ${CHANGE_KIND_LABEL[change.kind]}${change.kind === 'moved-phase' ? ` (to ${change.toPhase === null || change.toPhase === undefined ? 'no phase' : `Phase ${change.toPhase}`})` : ''}`;
        findings.push(
          makeEvidenceFinding({
            rule: descopedRule,
            path: change.path,
            line: change.line,
            subject: `${change.kind}\u0000${change.text}`,
            message: `${what}, expected it kept until done (a writer can waive this with a reason)`,
            inGatingPhase: true,
          }),
        );
      }
    }
  } else {
    notes.push('Checklist changes were not compared with the base branch: it was not read.');
  }
  return { findings: suppress(findings, input.texts), changes, summary, contradicted, failures };
}

/**
 * `readiness:allow <rule-id> [-- reason]` on a checklist line (or the line above it, e.g. an
 * HTML comment) suppresses a claim or deliverable finding there, as for any other rule.
 */
function suppress(findings: Finding[], texts: ReadonlyMap<string, string>): Finding[] {
  const split = new Map<string, string[]>();
  return findings.map((finding) => {
    const text = texts.get(finding.path);
    // A de-scoping is judged on the base's lines: it is waived, not allowed in the text.
    if (finding.rule === CHECKLIST_DESCOPED) return finding;
    if (text === undefined || !text.includes(ALLOW)) return finding;
    let lines = split.get(finding.path);
    if (!lines) {
      lines = text.split(/\r\n|\r|\n/);
      split.set(finding.path, lines);
    }
    const allow =
      allowOn(lines[finding.line - 1], finding.rule) ??
      allowOn(lines[finding.line - 2], finding.rule);
    return allow ? { ...finding, suppressed: true, suppression: allow.reason } : finding;
  });
}
