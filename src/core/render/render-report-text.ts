import type { Verdict } from '../gate/compute-verdict.js';
import { renderChecklistText } from './render-checklist-text.js';
import { renderEvidence } from './render-evidence.js';

/** The terminal report of `readiness-gate check`. */
export function renderReportText(verdict: Verdict): string {
  const phase = verdict.gate.phases[0] ?? 1;
  const out = [renderChecklistText(verdict.documents, phase)];
  const evidence = renderEvidence(verdict, 'text');
  if (evidence) out.push(evidence);
  if (verdict.findings.length > 0) {
    out.push('Findings:');
    for (const finding of verdict.findings) {
      const state = finding.suppressed
        ? ` [suppressed${finding.suppression ? `: ${finding.suppression}` : ''}]`
        : '';
      out.push(
        `  ${finding.path}:${finding.line}  ${finding.severity.padEnd(7)} ${finding.rule}  ${finding.message}${finding.excerpt ? `  (${finding.excerpt})` : ''}${state}`,
      );
    }
    out.push('');
  }
  for (const error of verdict.errors)
    out.push(`  ${error.path}:${error.line}:${error.column}  error  ${error.message}`);
  out.push(`Verdict: ${verdict.verdict.toUpperCase()}`);
  for (const reason of verdict.gate.reasons) out.push(`  - ${reason}`);
  return `${out.join('\n')}\n`;
}
