import type { JudgedNotScanned, Verdict } from '../gate/compute-verdict.js';
import type { NotScannedFile } from '../gate/gate-snapshot.js';
import type { Waiver } from '../waivers/apply-waivers.js';
import {
  codeSpan,
  escapeAnnotation,
  escapeInline,
  mentionLogin,
  TEXT_CAPS,
} from './escape-markdown.js';
import { renderReportSections, type ReportSection } from './render-report-markdown.js';

export const SUMMARY_LIMIT = 65_535;
export const ANNOTATIONS_PER_REQUEST = 50;
/** GitHub's limits on an annotation's title and message. */
const ANNOTATION_TITLE_LIMIT = 255;
const ANNOTATION_MESSAGE_LIMIT = 4_000;

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
  /** Used when the verdict carries no judged `notScanned` list of its own. */
  notScanned: NotScannedFile[];
  waivers: Waiver[];
  /** Whether branch protection requires the check; null when unknown. */
  required: boolean | null;
}

const LEVEL = { error: 'failure', warning: 'warning', notice: 'notice' } as const;

const TRUNCATED =
  '… (truncated: the full report is longer than GitHub allows; run `readiness-gate check` locally)';

/** Cuts text to GitHub's limit on a line boundary, saying so. */
export function truncate(text: string, limit = SUMMARY_LIMIT): string {
  if (text.length <= limit) return text;
  const note = `\n\n${TRUNCATED}`;
  const cut = text.lastIndexOf('\n', limit - note.length);
  return text.slice(0, cut > 0 ? cut : limit - note.length) + note;
}

/** Cuts one section on a line boundary, closing any `<details>` it leaves open. */
function shorten(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const note = `\n… (${TRUNCATED.slice(3, -1)})\n`;
  const closing = '\n</details>\n';
  const room = Math.max(0, budget - note.length - closing.length);
  const cut = text.lastIndexOf('\n', room);
  const kept = text.slice(0, cut > 0 ? cut : room);
  const open = kept.split('<details>').length - kept.split('</details>').length;
  return kept + note + (open > 0 ? closing.repeat(open) : '');
}

/**
 * Joins report sections within `limit`, never dropping an essential one: essential sections
 * first, in order, each cut fairly only when together they exceed the limit (a small section
 * keeps all of its text, the large ones share the rest); then the others while they fit.
 */
export function assembleReport(sections: ReportSection[], limit = SUMMARY_LIMIT): string {
  const separator = '\n';
  const essential = sections.filter((section) => section.essential);
  const optional = sections.filter((section) => !section.essential);
  const room = limit - separator.length * sections.length;
  const sizes = essential.map((section) => section.text.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  const budgets = [...sizes];
  if (total > room) {
    // Fair shares: the smallest sections keep all their text, the rest split what remains.
    let left = room;
    const order = sizes.map((size, index) => ({ size, index })).sort((a, b) => a.size - b.size);
    order.forEach(({ size, index }, position) => {
      const share = Math.floor(left / (order.length - position));
      budgets[index] = Math.min(size, share);
      left -= budgets[index]!;
    });
  }
  const parts = essential.map((section, index) => shorten(section.text, budgets[index]!));
  let used = parts.reduce((sum, part) => sum + part.length + separator.length, 0);
  let cut = total > room;
  for (const section of optional) {
    if (cut) break;
    if (used + section.text.length + separator.length <= limit) {
      parts.push(section.text);
      used += section.text.length + separator.length;
      continue;
    }
    const budget = limit - used - separator.length;
    if (budget > 200) parts.push(shorten(section.text, budget));
    else parts.push(`\n${TRUNCATED}`);
    cut = true;
  }
  return truncate(parts.join(separator), limit);
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
  const notScanned = (verdict.notScanned ?? []).filter((file) => file.action === 'fail').length;
  if (notScanned > 0) parts.push(`${notScanned} not scanned`);
  return parts.join(' · ');
}

/** The files the gate could not scan; with their kind and effect once the verdict judged them. */
export function renderNotScanned(files: Array<NotScannedFile | JudgedNotScanned>): string {
  if (files.length === 0) return '';
  return [
    '### Not scanned',
    '',
    ...files.map((file) => {
      const judged =
        'action' in file && file.kind
          ? ` (${file.kind}, ${file.action === 'fail' ? '**blocks**' : 'warning'})`
          : '';
      return `- ${codeSpan(file.path)}${judged}: ${escapeInline(file.reason, TEXT_CAPS.reason)}`;
    }),
    '',
  ].join('\n');
}

function renderWhen(waiver: Waiver): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(waiver.at);
  const when = match ? `${match[1]} ${match[2]} UTC` : escapeInline(waiver.at, 40);
  return waiver.commentUrl && /^https:\/\/[^\s()<>]+$/.test(waiver.commentUrl)
    ? `[${when}](${waiver.commentUrl})`
    : when;
}

/** Who waived what, when (linked to the command) and why, and how many findings it covers. */
export function renderWaivers(waivers: Waiver[]): string {
  if (waivers.length === 0) return '';
  const rows = waivers.map(
    (w) =>
      `| ${codeSpan(w.rule, { inTable: true })} | ${w.path ? codeSpan(w.path, { inTable: true }) : 'all paths'} | ${mentionLogin(w.by)} | ${renderWhen(w)} | ${escapeInline(w.reason, TEXT_CAPS.reason)} | ${w.fingerprints.length} |`,
  );
  return [
    '### Waivers',
    '',
    '| Rule | Path | By | When | Why | Findings |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** The report's sections for a sink: the verdict's, then not scanned, waivers and notes. */
export function renderSinkSections(
  verdict: Verdict,
  options: Omit<CheckOutputOptions, 'required'> & { required?: boolean | null },
): ReportSection[] {
  const sections = renderReportSections(verdict, { blobUrl: options.blobUrl });
  const extra: ReportSection[] = [];
  const notScanned = renderNotScanned(verdict.notScanned ?? options.notScanned);
  if (notScanned) extra.push({ key: 'not-scanned', essential: true, text: notScanned });
  const waivers = renderWaivers(options.waivers);
  if (waivers) extra.push({ key: 'waivers', essential: true, text: waivers });
  if (verdict.verdict === 'fail' && options.required === false)
    extra.push({
      key: 'not-required',
      essential: true,
      text: '> ⚠️ `Readiness Gate` is not a required check on this branch, so this failure does not block the merge. See the README to require it.',
    });
  // Right after the essential sections of the verdict, before progress tables and the rest.
  const firstOptional = sections.findIndex((section) => !section.essential);
  const at = firstOptional === -1 ? sections.length : firstOptional;
  return [...sections.slice(0, at), ...extra, ...sections.slice(at)];
}

/** The check run's conclusion, title, summary and annotations (SPEC §6). */
export function renderCheckOutput(verdict: Verdict, options: CheckOutputOptions): CheckOutput {
  const annotations: CheckAnnotation[] = verdict.findings.map((finding) => ({
    path: finding.path,
    start_line: Math.max(1, finding.line),
    end_line: Math.max(1, finding.line),
    annotation_level: finding.suppressed || finding.waived ? 'notice' : LEVEL[finding.severity],
    title: escapeAnnotation(
      `${finding.rule}${finding.suppressed ? ' (suppressed)' : finding.waived ? ' (waived)' : ''}`,
      ANNOTATION_TITLE_LIMIT,
    ),
    message: escapeAnnotation(
      finding.excerpt
        ? `${finding.message.slice(0, TEXT_CAPS.message)}\n${finding.excerpt.slice(0, TEXT_CAPS.excerpt)}`
        : finding.message,
      ANNOTATION_MESSAGE_LIMIT,
    ),
  }));
  for (const error of verdict.errors) {
    annotations.push({
      path: error.path,
      start_line: error.line,
      end_line: error.line,
      annotation_level: 'failure',
      title: 'readiness-gate config',
      message: escapeAnnotation(error.message, ANNOTATION_MESSAGE_LIMIT),
    });
  }
  return {
    conclusion: verdict.verdict === 'pass' ? 'success' : 'failure',
    title: renderCheckTitle(verdict),
    summary: assembleReport(renderSinkSections(verdict, options)),
    annotations,
  };
}
