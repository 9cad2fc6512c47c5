import type { Verdict } from '../gate/compute-verdict.js';
import { renderEvidence } from './render-evidence.js';

export interface LinkOptions {
  /** `https://github.com/o/r/blob/<sha>` to link file:line, or null for plain text. */
  blobUrl: string | null;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The markdown report: what the App posts as the check summary and sticky comment. */
export function renderReportMarkdown(
  verdict: Verdict,
  options: LinkOptions = { blobUrl: null },
): string {
  const link = (path: string, line: number) =>
    options.blobUrl
      ? `[${path}:${line}](${options.blobUrl}/${encodeURI(path)}#L${line})`
      : `\`${path}:${line}\``;
  const phase = verdict.gate.phases[0] ?? 1;
  const out: string[] = [];
  out.push(`## Readiness Gate: ${verdict.verdict === 'pass' ? '✅ pass' : '❌ fail'}`, '');
  for (const reason of verdict.gate.reasons) out.push(`- ${reason}`);
  if (verdict.gate.reasons.length > 0) out.push('');
  for (const document of verdict.documents) {
    out.push(
      `### ${document.title ?? document.path} (\`${document.path}\`)`,
      '',
      '| Phase | Progress | State |',
      '|---|---|---|',
    );
    for (const p of document.phases) {
      const total = Object.values(p.counts).reduce((a, b) => a + b, 0);
      const settled = p.counts.done + p.counts.skipped;
      out.push(
        `| ${p.number}. ${cell(p.title)} | ${settled}/${total} | ${!p.tracked ? 'not tracked' : p.green ? '🟢 green' : '🔴 not green'} |`,
      );
    }
    const blocking = document.items.filter(
      (item) => item.phase === phase && item.state !== 'done' && item.state !== 'skipped',
    );
    if (blocking.length > 0) {
      out.push(
        '',
        `<details><summary>${blocking.length} item(s) keep Phase ${phase} from green</summary>`,
        '',
      );
      for (const item of blocking.slice(0, 50))
        out.push(`- ${item.state}: ${item.text} (${link(document.path, item.line)})`);
      if (blocking.length > 50) out.push(`- … and ${blocking.length - 50} more`);
      out.push('', '</details>');
    }
    for (const claim of document.claims) {
      out.push(
        '',
        `> Claims ${claim.claimed}% (“${claim.text}”, line ${claim.line}); measured ${claim.measured ?? 0}%${claim.contradicted ? `, ${claim.contradicted} claim(s) contradicted by the code` : ''}.`,
      );
    }
    out.push('');
  }
  const evidence = renderEvidence(verdict, 'markdown', link);
  if (evidence) out.push(evidence);
  if (verdict.findings.length > 0) {
    out.push('### Findings', '', '| Severity | Rule | Where | Message |', '|---|---|---|---|');
    for (const finding of verdict.findings) {
      const state = finding.suppressed ? ' (suppressed)' : finding.waived ? ' (waived)' : '';
      out.push(
        `| ${finding.severity}${state} | \`${finding.rule}\` | ${link(finding.path, finding.line)} | ${cell(finding.message)}${finding.excerpt ? ` — \`${cell(finding.excerpt)}\`` : ''} |`,
      );
    }
    out.push('');
  }
  if (verdict.errors.length > 0) {
    out.push('### Configuration errors', '');
    for (const error of verdict.errors)
      out.push(`- \`${error.path}:${error.line}:${error.column}\` ${error.message}`);
    out.push('');
  }
  return out.join('\n');
}
