import type { Verdict } from '../gate/compute-verdict.js';
import type { Finding } from '../rules/rule-types.js';
import {
  codeSpan,
  encodePathForUrl,
  escapeInline,
  escapeWithCode,
  TEXT_CAPS,
} from './escape-markdown.js';
import { renderEvidence } from './render-evidence.js';

export interface LinkOptions {
  /** `https://github.com/o/r/blob/<sha>` to link file:line, or null for plain text. */
  blobUrl: string | null;
}

/**
 * One part of a report. `essential` parts (the verdict, everything that blocks, what was not
 * scanned, suppressed, overridden or waived) come first and are never dropped, only shortened
 * fairly when together they exceed GitHub's limit; the others fill what room is left.
 */
export interface ReportSection {
  key: string;
  essential: boolean;
  text: string;
}

/** Blocking items shown per document; the rest are counted. */
const ITEMS_SHOWN = 50;

export function isBlocking(finding: Finding): boolean {
  return finding.severity === 'error' && !finding.suppressed && !finding.waived;
}

/** `[path:line](blob#Lline)` or a code span; both safe whatever the path holds. */
export function renderLocation(path: string, line: number, options: LinkOptions): string {
  if (!options.blobUrl || !/^https:\/\/[^\s()<>]+$/.test(options.blobUrl))
    return codeSpan(`${path}:${line}`, { inTable: true });
  return `[${escapeInline(`${path}:${line}`, TEXT_CAPS.path)}](${options.blobUrl}/${encodePathForUrl(path)}#L${line})`;
}

function findingRow(finding: Finding, options: LinkOptions): string {
  const state = finding.suppressed ? ' (suppressed)' : finding.waived ? ' (waived)' : '';
  const excerpt = finding.excerpt
    ? ` — ${codeSpan(finding.excerpt, { max: TEXT_CAPS.excerpt, inTable: true })}`
    : '';
  return `| ${finding.severity}${state} | ${codeSpan(finding.rule, { inTable: true })} | ${renderLocation(finding.path, finding.line, options)} | ${escapeWithCode(finding.message)}${excerpt} |`;
}

function findingsTable(title: string, findings: Finding[], options: LinkOptions): string {
  return [
    title,
    '',
    '| Severity | Rule | Where | Message |',
    '|---|---|---|---|',
    ...findings.map((finding) => findingRow(finding, options)),
    '',
  ].join('\n');
}

/**
 * The report as ordered sections, every user-controlled string escaped (escape-markdown):
 * verdict and reasons, blocking findings, blocking items, config errors, suppressions and
 * overridden rules first; progress tables, claims and other findings after.
 */
export function renderReportSections(
  verdict: Verdict,
  options: LinkOptions = { blobUrl: null },
): ReportSection[] {
  const phase = verdict.gate.phases[0] ?? 1;
  const sections: ReportSection[] = [];
  const add = (key: string, essential: boolean, lines: string[]) => {
    if (lines.length > 0) sections.push({ key, essential, text: lines.join('\n') });
  };

  add('verdict', true, [
    `## Readiness Gate: ${verdict.verdict === 'pass' ? '✅ pass' : '❌ fail'}`,
    '',
    ...verdict.gate.reasons.map((reason) => `- ${escapeWithCode(reason)}`),
    ...(verdict.gate.reasons.length > 0 ? [''] : []),
  ]);

  const blocking = verdict.findings.filter(isBlocking);
  if (blocking.length > 0)
    add('blocking-findings', true, [findingsTable('### Blocking findings', blocking, options)]);

  const items: string[] = [];
  for (const document of verdict.documents) {
    const open = document.items.filter(
      (item) => item.phase === phase && item.state !== 'done' && item.state !== 'skipped',
    );
    if (open.length === 0) continue;
    items.push(
      `<details><summary>${open.length} item(s) keep Phase ${phase} of ${escapeInline(document.path, TEXT_CAPS.path)} from green</summary>`,
      '',
    );
    for (const item of open.slice(0, ITEMS_SHOWN))
      items.push(
        `- ${item.state}: ${escapeInline(item.text, TEXT_CAPS.item)} (${renderLocation(document.path, item.line, options)})`,
      );
    if (open.length > ITEMS_SHOWN) items.push(`- … and ${open.length - ITEMS_SHOWN} more`);
    items.push('', '</details>', '');
  }
  add('blocking-items', true, items);

  // De-scoped gating-phase work blocks, so the list of checklist changes is never cut.
  const evidence = renderEvidence(verdict, 'markdown', (path, line) =>
    renderLocation(path, line, options),
  );
  if (evidence) add('checklist-changes', true, [evidence]);

  if (verdict.errors.length > 0)
    add('errors', true, [
      '### Configuration errors',
      '',
      ...verdict.errors.map(
        (error) =>
          `- ${codeSpan(`${error.path}:${error.line}:${error.column}`)} ${escapeWithCode(error.message)}`,
      ),
      '',
    ]);

  const suppressions = verdict.suppressions ?? [];
  if (suppressions.length > 0)
    add('suppressions', true, [
      '### Suppressed findings (`readiness:allow`)',
      '',
      ...suppressions.map(
        (suppression) =>
          `- ${suppression.addedByChange ? '**added by this change**: ' : ''}${codeSpan(suppression.rule)} at ${renderLocation(suppression.path, suppression.line, options)} — ${suppression.reason ? escapeInline(suppression.reason, TEXT_CAPS.reason) : '_no reason given_'}`,
      ),
      '',
    ]);

  const overridden = verdict.overridden ?? [];
  if (overridden.length > 0)
    add('overridden', true, [
      '### Built-in rules replaced by the config (`override: true`)',
      '',
      ...overridden.map(
        (rule) => `- ${codeSpan(rule.rule)}: replaced at ${codeSpan(`${rule.path}:${rule.line}`)}`,
      ),
      '',
    ]);

  const progress: string[] = [];
  for (const document of verdict.documents) {
    progress.push(
      `### ${escapeInline(document.title ?? document.path, TEXT_CAPS.title)} (${codeSpan(document.path)})`,
      '',
      '| Phase | Progress | State |',
      '|---|---|---|',
    );
    for (const p of document.phases) {
      const total = Object.values(p.counts).reduce((a, b) => a + b, 0);
      const settled = p.counts.done + p.counts.skipped;
      progress.push(
        `| ${p.number}. ${escapeInline(p.title, TEXT_CAPS.title)} | ${settled}/${total} | ${!p.tracked ? 'not tracked' : p.green ? '🟢 green' : '🔴 not green'} |`,
      );
    }
    for (const claim of document.claims)
      progress.push(
        '',
        `> Claims ${claim.claimed}% (“${escapeInline(claim.text, TEXT_CAPS.item)}”, line ${claim.line}); measured ${claim.measured ?? 0}%${claim.contradicted ? `, ${claim.contradicted} claim(s) contradicted by the code` : ''}.`,
      );
    progress.push('');
  }
  add('documents', false, progress);

  const others = verdict.findings.filter((finding) => !isBlocking(finding));
  if (others.length > 0)
    add('other-findings', false, [findingsTable('### Other findings', others, options)]);
  return sections;
}

/** The markdown report: what the App posts as the check summary and sticky comment. */
export function renderReportMarkdown(
  verdict: Verdict,
  options: LinkOptions = { blobUrl: null },
): string {
  return renderReportSections(verdict, options)
    .map((section) => section.text)
    .join('\n');
}
