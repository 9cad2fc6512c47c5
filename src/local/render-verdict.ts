import type { Verdict } from '../core/gate/compute-verdict.js';
import type { NotScannedFile } from '../core/gate/gate-snapshot.js';
import { renderNotScanned } from '../core/render/render-check-output.js';
import { renderReportMarkdown, type LinkOptions } from '../core/render/render-report-markdown.js';
import { renderReportText } from '../core/render/render-report-text.js';
import { renderSarif } from '../core/render/render-sarif.js';
import type { Rule } from '../core/rules/rule-types.js';

export type OutputFormat = 'text' | 'json' | 'markdown' | 'sarif';

export interface RenderVerdictOptions {
  /** Fields added to the JSON output beside the SPEC §5 contract. */
  extra?: Record<string, unknown>;
  notScanned?: NotScannedFile[];
  links?: LinkOptions;
  /** The rules in effect, for SARIF's rule metadata. */
  rules?: Rule[];
  /** The tool's version, for SARIF. */
  version?: string;
}

/** Prints a verdict in the CLI's formats; files not scanned are listed in every one. */
export function renderVerdict(
  verdict: Verdict,
  format: OutputFormat,
  options: RenderVerdictOptions = {},
): string {
  const notScanned = options.notScanned ?? [];
  if (format === 'json')
    return `${JSON.stringify({ ...verdict, ...options.extra, notScanned }, null, 2)}\n`;
  if (format === 'sarif')
    return `${JSON.stringify(
      renderSarif(verdict, {
        rules: options.rules ?? [],
        notScanned,
        version: options.version ?? '0.0.0',
      }),
      null,
      2,
    )}\n`;
  if (format === 'markdown')
    return `${renderReportMarkdown(verdict, options.links ?? { blobUrl: null })}${renderNotScanned(notScanned)}`;
  const lines = notScanned.map((file) => `  ${file.path}: ${file.reason}`);
  return `${renderReportText(verdict)}${lines.length > 0 ? `\nNot scanned (${lines.length}):\n${lines.join('\n')}\n` : ''}`;
}
