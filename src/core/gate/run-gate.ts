import type {
  ChecklistDocument,
  ChecklistOptions,
  ParseError,
} from '../checklist/checklist-types.js';
import { ALWAYS_IGNORED, DEFAULT_CHECKLIST_GLOBS } from '../checklist/default-checklist-globs.js';
import { parseChecklist } from '../checklist/parse-checklist.js';
import { compileGlobs } from '../rules/compile-glob.js';
import type { GateConfig } from '../config/config-types.js';
import type { FileChange } from '../diff/diff-types.js';
import { runEvidenceChecks } from '../evidence/run-evidence-checks.js';
import { measureVerifiedScore } from '../evidence/measure-verified-score.js';
import { createRuleEvaluator } from '../rules/evaluate-rules.js';
import type { CheckRegistry } from '../rules/rule-types.js';
import { applyWaivers, type Waiver } from '../waivers/apply-waivers.js';
import { noteAddedAllowLines, type AddedAllowLines } from '../waivers/list-suppressions.js';
import { computeVerdict, gatingPhase } from './compute-verdict.js';
import type { GateOutcome, GateSnapshot } from './gate-snapshot.js';

/** Which paths at head are the gate's checklists: the config's, else the default names. */
export function selectChecklistPaths(config: GateConfig, paths: Iterable<string>): string[] {
  const patterns = config.checklists.length > 0 ? config.checklists : DEFAULT_CHECKLIST_GLOBS;
  const match = compileGlobs(patterns, {
    nocase: config.checklists.length === 0,
    dot: true,
    ignore: ALWAYS_IGNORED,
  });
  return [...paths].filter((path) => match(path)).sort();
}

/**
 * Whether an added file's diff is its whole text at head, as a source reading the file would
 * decode it: every line added, none holding a NUL byte (such a file is not text), and no
 * byte-order mark (decoding drops it).
 */
function showsWhole(change: FileChange): boolean {
  if (change.status !== 'added' || change.binary || change.lines.length === 0) return false;
  if (change.lines[0]?.text.charCodeAt(0) === 0xfeff) return false;
  return change.lines.every((line) => line.kind === 'add' && !line.text.includes('\u0000'));
}

/**
 * The whole gate on one snapshot, the same behind every entry point: checklists parsed, rules
 * run on the change, waivers applied, the verdict computed. Pure: it reads nothing else.
 */
export async function runGate(
  snapshot: GateSnapshot,
  registry: CheckRegistry,
): Promise<GateOutcome> {
  const { config } = snapshot;
  const options: Partial<ChecklistOptions> = {
    ...(config.phasePattern ? { phasePattern: config.phasePattern } : {}),
    ...(config.outOfScope ? { outOfScopeTitles: config.outOfScope } : {}),
  };
  const documents: ChecklistDocument[] = [];
  const parseErrors: ParseError[] = [];
  for (const { path, text } of snapshot.checklists) {
    const result = parseChecklist(text, path, options);
    documents.push(result.document);
    parseErrors.push(...result.errors);
  }
  const phase = snapshot.phase ?? gatingPhase(config, snapshot.target.baseRef);
  const baseDocuments = snapshot.baseChecklists?.map(
    ({ path, text }) => parseChecklist(text, path, options).document,
  );
  // The change is judged as it arrives (a streamed diff is never held whole).
  const headPaths = snapshot.headPaths ? new Set(snapshot.headPaths) : null;
  const evaluator = createRuleEvaluator(snapshot.rules, registry, {
    headPaths,
    ignore: config.ignore,
    ...(config.migrations ? { migrations: config.migrations } : {}),
  });
  const addedAllowLines: AddedAllowLines = new Map();
  const shownWhole = new Map<string, number>();
  for await (const change of snapshot.changes) {
    evaluator.add(change);
    noteAddedAllowLines(change, addedAllowLines);
    if (showsWhole(change)) shownWhole.set(change.path, change.lines.length);
  }
  const diffFindings = evaluator.finish();
  // A file the source could not read whole was not shown whole.
  for (const file of snapshot.notScanned) shownWhole.delete(file.path);
  const evidence = await runEvidenceChecks({
    documents,
    texts: new Map(snapshot.checklists.map(({ path, text }) => [path, text])),
    baseDocuments: baseDocuments ?? null,
    repository: snapshot.repository ?? null,
    headPaths,
    rules: snapshot.rules,
    registry,
    evidence: config.evidence ?? {},
    ignore: config.ignore,
    phase,
    scannedInDiff: { lines: shownWhole, findings: diffFindings },
  });
  if (evidence.summary.claims) {
    // The measured score beside each claim counts only verified items (issue 9, item 13).
    for (const document of documents) {
      const score = measureVerifiedScore(
        document,
        evidence.contradicted.get(document.path) ?? new Set(),
      );
      document.claims = document.claims.map((claim) => ({
        ...claim,
        measured: score.measured,
        contradicted: score.contradicted,
      }));
    }
  }
  const findings = [...diffFindings, ...evidence.findings];
  const waivers: Waiver[] = [];
  const acknowledge: GateOutcome['acknowledge'] = [];
  for (const claim of snapshot.waivers) {
    const { commentId, fingerprints, ...rest } = claim;
    if (fingerprints !== null) {
      waivers.push({ ...rest, fingerprints });
      continue;
    }
    const seen = findings
      .filter(
        (finding) =>
          finding.rule === claim.rule && (claim.path === null || finding.path === claim.path),
      )
      .map((finding) => finding.fingerprint);
    waivers.push({ ...rest, fingerprints: seen });
    if (commentId !== null) acknowledge.push({ ...rest, fingerprints: seen, commentId });
  }
  const verdict = computeVerdict({
    documents,
    findings: applyWaivers(findings, waivers),
    errors: [...snapshot.errors, ...parseErrors.map((error) => ({ ...error, column: 1 }))],
    phase,
    untracked: config.untracked,
    unreadable: snapshot.unreadable,
    notScanned: snapshot.notScanned,
    notScannedPolicy: config.notScanned,
    rules: snapshot.rules,
    addedAllowLines,
  });
  if (evidence.failures.length > 0) {
    verdict.gate.reasons.push(...evidence.failures);
    verdict.verdict = 'fail';
  }
  verdict.evidence = evidence.summary;
  if (evidence.summary.changes) verdict.checklistChanges = evidence.changes;
  return {
    target: snapshot.target,
    verdict,
    waivers,
    acknowledge,
    notScanned: snapshot.notScanned,
    unreadable: snapshot.unreadable,
    config: { comment: config.comment },
    ...(evidence.summary.changes ? { checklistChanges: evidence.changes } : {}),
  };
}
