import type { Waiver } from '../waivers/apply-waivers.js';
import type { Verdict } from '../gate/compute-verdict.js';
import { renderReportMarkdown } from './render-report-markdown.js';

export const SUMMARY_LIMIT = 65_535;
export const ANNOTATIONS_PER_REQUEST = 50;

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
}

export interface CheckOutput {
  conclusion: 'success' | 'failure';
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
}

export interface CheckOutputOptions {
  blobUrl: string | null;
  notScanned: Array<{ path: string; reason: string }>;
  waivers: Waiver[];
  /** Whether branch protection requires the check; null when unknown. */
  required: boolean | null;
}

const LEVEL = { error: 'failure', warning: 'warning', notice: 'notice' } as const;

/** Cuts text to GitHub's limit on a line boundary, saying so. */
export function truncate(text: string, limit = SUMMARY_LIMIT): string {
  if (text.length <= limit) return text;
  const note =
    '\n\n… (truncated: the full report is longer than GitHub allows; run `readiness-gate check` locally)';
  const cut = text.lastIndexOf('\n', limit - note.length);
  return text.slice(0, cut > 0 ? cut : limit - note.length) + note;
}

/** The one-line title: "Phase 1: 12/14 done · 2 blocking findings". */
export function renderCheckTitle(verdict: Verdict): string {
  const phase = verdict.gate.phases[0] ?? 1;
  let done = 0;
  let total = 0;
  for (const document of verdict.documents) {
    for (const item of document.items) {
      if (item.phase !== phase) continue;
      total++;
      if (item.state === 'done' || item.state === 'skipped') done++;
    }
  }
  const blocking = verdict.findings.filter(
    (f) => f.severity === 'error' && !f.suppressed && !f.waived,
  ).length;
  const parts = [
    verdict.documents.length === 0
      ? 'no readiness document'
      : `Phase ${phase}: ${done}/${total} done`,
  ];
  parts.push(`${blocking} blocking finding${blocking === 1 ? '' : 's'}`);
  if (verdict.errors.length > 0)
    parts.push(`${verdict.errors.length} config error${verdict.errors.length === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

export function renderNotScanned(files: Array<{ path: string; reason: string }>): string {
  if (files.length === 0) return '';
  return [
    '### Not scanned',
    '',
    ...files.map((file) => `- \`${file.path}\`: ${file.reason}`),
    '',
  ].join('\n');
}

export function renderWaivers(waivers: Waiver[]): string {
  if (waivers.length === 0) return '';
  const rows = waivers.map(
    (w) =>
      `| \`${w.rule}\` | ${w.path ? `\`${w.path}\`` : 'all paths'} | @${w.by} | ${w.at.slice(0, 10)} | ${w.reason.replace(/\|/g, '\\|')} |`,
  );
  return [
    '### Waivers',
    '',
    '| Rule | Path | By | When | Why |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** The check run's conclusion, title, summary and annotations (SPEC §6). */
export function renderCheckOutput(verdict: Verdict, options: CheckOutputOptions): CheckOutput {
  const parts = [renderReportMarkdown(verdict, { blobUrl: options.blobUrl })];
  parts.push(renderNotScanned(options.notScanned));
  parts.push(renderWaivers(options.waivers));
  if (verdict.verdict === 'fail' && options.required === false) {
    parts.push(
      '> ⚠️ `Readiness Gate` is not a required check on this branch, so this failure does not block the merge. See the README to require it.',
    );
  }
  const annotations: CheckAnnotation[] = verdict.findings.map((finding) => ({
    path: finding.path,
    start_line: Math.max(1, finding.line),
    end_line: Math.max(1, finding.line),
    annotation_level: finding.suppressed || finding.waived ? 'notice' : LEVEL[finding.severity],
    title: `${finding.rule}${finding.suppressed ? ' (suppressed)' : finding.waived ? ' (waived)' : ''}`,
    message: finding.excerpt ? `${finding.message}\n${finding.excerpt}` : finding.message,
  }));
  for (const error of verdict.errors) {
    annotations.push({
      path: error.path,
      start_line: error.line,
      end_line: error.line,
      annotation_level: 'failure',
      title: 'readiness-gate config',
      message: error.message,
    });
  }
  return {
    conclusion: verdict.verdict === 'pass' ? 'success' : 'failure',
    title: renderCheckTitle(verdict),
    summary: truncate(parts.filter(Boolean).join('\n')),
    annotations,
  };
}
