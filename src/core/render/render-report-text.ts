import type { Verdict } from '../gate/compute-verdict.js';
import { renderChecklistText } from './render-checklist-text.js';
import { escapeTerminal as t } from './escape-markdown.js';
import { renderEvidence } from './render-evidence.js';

/** The terminal report of `readiness-gate check`. */
export function renderReportText(verdict: Verdict): string {
  const phase = verdict.gate.phases[0] ?? 1;
  const out = [renderChecklistText(verdict.documents, phase)];
  const evidence = renderEvidence(verdict, 'text');
  // Line by line: the terminal escape would also swallow the block's own newlines.
  if (evidence) out.push(evidence.split('\n').map(t).join('\n'));
  if (verdict.findings.length > 0) {
    out.push('Findings:');
    for (const finding of verdict.findings) {
      const state = finding.suppressed
        ? ` [suppressed${finding.suppression ? `: ${t(finding.suppression)}` : ''}]`
        : '';
      out.push(
        `  ${t(finding.path)}:${finding.line}  ${finding.severity.padEnd(7)} ${finding.rule}  ${t(finding.message)}${finding.excerpt ? `  (${t(finding.excerpt)})` : ''}${state}`,
      );
    }
    out.push('');
  }
  const added = (verdict.suppressions ?? []).filter((suppression) => suppression.addedByChange);
  if (added.length > 0) {
    out.push('Suppressions added by this change (readiness:allow):');
    for (const suppression of added)
      out.push(
        `  ${t(suppression.path)}:${suppression.line}  ${suppression.rule}  ${suppression.reason ? t(suppression.reason) : '(no reason given)'}`,
      );
    out.push('');
  }
  for (const error of verdict.errors)
    out.push(`  ${t(error.path)}:${error.line}:${error.column}  error  ${t(error.message)}`);
  out.push(`Verdict: ${verdict.verdict.toUpperCase()}`);
  for (const reason of verdict.gate.reasons) out.push(`  - ${t(reason)}`);
  return `${out.join('\n')}\n`;
}
