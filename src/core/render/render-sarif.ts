import type { Verdict } from '../gate/compute-verdict.js';
import type { NotScannedFile } from '../gate/gate-snapshot.js';
import { fingerprintOf } from '../rules/evaluate-rules.js';
import type { Rule, Severity } from '../rules/rule-types.js';

/** The id of the result kind for checklist items that keep the gating phase from green. */
export const PHASE_RULE_ID = 'readiness-phase';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  notice: 'note',
};

export interface SarifOptions {
  /** The rules in effect: their metadata goes into `tool.driver.rules`. */
  rules: Rule[];
  notScanned: NotScannedFile[];
  /** The tool's version. */
  version: string;
}

type SarifObject = Record<string, unknown>;

/** A repository path as a relative URI reference: every segment percent-encoded. */
function uriOf(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function locationOf(path: string, line: number): SarifObject {
  return {
    physicalLocation: {
      artifactLocation: { uri: uriOf(path), uriBaseId: '%SRCROOT%' },
      ...(line >= 1 ? { region: { startLine: line } } : {}),
    },
  };
}

function firstParagraph(markdown: string): string {
  return (
    markdown
      .trim()
      .split(/\n\s*\n/)[0]
      ?.replace(/\s+/g, ' ') ?? ''
  );
}

function ruleDescriptor(rule: Rule): SarifObject {
  const description = rule.description.trim() || rule.title;
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: firstParagraph(description) },
    help: { text: description, markdown: description },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ['readiness'], phase: rule.phase, kind: rule.check.kind },
  };
}

/**
 * The verdict as a SARIF 2.1.0 log for code scanning: one result per finding (suppressed and
 * waived ones carry a suppression), one per checklist item that keeps the gating phase from
 * green, rule metadata for every rule, and `partialFingerprints` from the finding's own
 * fingerprint so a result keeps its identity across pushes. Excerpts are left out: messages
 * never carry the offending text, so no secret reaches the log.
 */
export function renderSarif(verdict: Verdict, options: SarifOptions): SarifObject {
  const descriptors: SarifObject[] = options.rules.map(ruleDescriptor);
  const index = new Map(options.rules.map((rule, at) => [rule.id, at]));
  const indexOf = (id: string, severity: Severity, title: string): number => {
    const known = index.get(id);
    if (known !== undefined) return known;
    descriptors.push({
      id,
      name: id,
      shortDescription: { text: title },
      defaultConfiguration: { level: LEVEL[severity] },
    });
    index.set(id, descriptors.length - 1);
    return descriptors.length - 1;
  };

  const results: SarifObject[] = verdict.findings.map((finding) => {
    const suppressions: SarifObject[] = [];
    if (finding.suppressed)
      suppressions.push({
        kind: 'inSource',
        ...(finding.suppression ? { justification: finding.suppression } : {}),
      });
    if (finding.waived) suppressions.push({ kind: 'external', status: 'accepted' });
    return {
      ruleId: finding.rule,
      ruleIndex: indexOf(finding.rule, finding.severity, finding.rule),
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [locationOf(finding.path, finding.line)],
      partialFingerprints: { 'readinessGate/v1': finding.fingerprint },
      ...(suppressions.length > 0 ? { suppressions } : {}),
      properties: { phase: finding.phase },
    };
  });

  const phase = verdict.gate.phases[0] ?? 1;
  for (const document of verdict.documents) {
    for (const item of document.items) {
      if (item.phase !== phase || item.state === 'done' || item.state === 'skipped') continue;
      results.push({
        ruleId: PHASE_RULE_ID,
        ruleIndex: indexOf(PHASE_RULE_ID, 'error', `Phase ${phase} is not green`),
        level: 'error',
        message: {
          text: `Phase ${phase} item is ${item.state}: ${item.text.slice(0, 500)}`,
        },
        locations: [locationOf(document.path, item.line)],
        partialFingerprints: {
          'readinessGate/v1': fingerprintOf(PHASE_RULE_ID, document.path, item.text),
        },
      });
    }
  }

  const notifications: SarifObject[] = [
    ...options.notScanned.map((file) => ({
      level: file.kind === 'binary' ? 'note' : 'warning',
      message: { text: `Not scanned: ${file.path} (${file.reason})` },
      locations: [locationOf(file.path, 0)],
    })),
    ...verdict.errors.map((error) => ({
      level: 'error',
      message: { text: error.message },
      locations: [locationOf(error.path, error.line)],
    })),
  ];

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'readiness-gate',
            version: options.version,
            rules: descriptors,
          },
        },
        invocations: [
          {
            executionSuccessful: verdict.errors.length === 0,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results,
        properties: { verdict: verdict.verdict, gate: verdict.gate },
      },
    ],
  };
}
