import type { Finding } from '../rules/rule-types.js';

export interface Waiver {
  rule: string;
  path: string | null;
  reason: string;
  by: string;
  at: string;
  /** The findings the waiver saw when it was given; others are not covered. */
  fingerprints: string[];
  commentUrl: string | null;
}

/** Marks the findings each waiver covers; a finding that changed since has another fingerprint. */
export function applyWaivers(findings: Finding[], waivers: Waiver[]): Finding[] {
  return findings.map((finding) => {
    const covered = waivers.some(
      (waiver) =>
        waiver.rule === finding.rule &&
        (waiver.path === null || waiver.path === finding.path) &&
        waiver.fingerprints.includes(finding.fingerprint),
    );
    return covered ? { ...finding, waived: true } : finding;
  });
}
