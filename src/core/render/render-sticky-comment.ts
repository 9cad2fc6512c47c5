import type { Waiver } from '../waivers/apply-waivers.js';
import type { Verdict } from '../gate/compute-verdict.js';
import { COMMAND_HELP } from '../waivers/parse-slash-commands.js';
import {
  renderCheckTitle,
  renderNotScanned,
  renderWaivers,
  truncate,
} from './render-check-output.js';
import { renderReportMarkdown } from './render-report-markdown.js';

/** Hidden marker that finds the App's own comment again (danger-js style). */
export const STICKY_MARKER = '<!-- readiness-gate:sticky -->';

/** The one PR comment: verdict, progress, blocking items and findings, waivers, commands. */
export function renderStickyComment(
  verdict: Verdict,
  options: {
    blobUrl: string | null;
    notScanned: Array<{ path: string; reason: string }>;
    waivers: Waiver[];
    headSha: string;
  },
): string {
  const parts = [
    STICKY_MARKER,
    `**${verdict.verdict === 'pass' ? '✅' : '❌'} ${renderCheckTitle(verdict)}** — evaluated at ${options.headSha.slice(0, 7)}`,
    '',
    renderReportMarkdown(verdict, { blobUrl: options.blobUrl }),
  ];
  parts.push(renderNotScanned(options.notScanned));
  parts.push(renderWaivers(options.waivers));
  parts.push('<details><summary>Commands</summary>', '', COMMAND_HELP, '', '</details>');
  return truncate(parts.filter((part) => part !== '').join('\n'));
}
