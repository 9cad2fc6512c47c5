import type { Waiver } from '../waivers/apply-waivers.js';
import type { Verdict } from '../gate/compute-verdict.js';
import type { NotScannedFile } from '../gate/gate-snapshot.js';
import { COMMAND_HELP } from '../waivers/parse-slash-commands.js';
import { assembleReport, renderCheckTitle, renderSinkSections } from './render-check-output.js';
import { COMMENT_LIMIT } from './escape-markdown.js';

/**
 * Hidden marker that finds the App's own comment again (danger-js style). User text can never
 * carry it: escape-markdown breaks every `<!--` that comes from input.
 */
export const STICKY_MARKER = '<!-- readiness-gate:sticky -->';

/** The one PR comment: verdict, progress, blocking items and findings, waivers, commands. */
export function renderStickyComment(
  verdict: Verdict,
  options: {
    blobUrl: string | null;
    notScanned: NotScannedFile[];
    waivers: Waiver[];
    headSha: string;
  },
): string {
  const head = [
    STICKY_MARKER,
    `**${verdict.verdict === 'pass' ? '✅' : '❌'} ${renderCheckTitle(verdict)}** — evaluated at ${options.headSha.replace(/[^0-9a-f]/gi, '').slice(0, 7)}`,
    '',
  ].join('\n');
  const sections = renderSinkSections(verdict, options);
  sections.push({
    key: 'commands',
    essential: false,
    text: ['<details><summary>Commands</summary>', '', COMMAND_HELP, '', '</details>'].join('\n'),
  });
  return head + assembleReport(sections, Math.min(COMMENT_LIMIT, 65_535) - head.length - 1);
}
