import type { GateOutcome, GateSink } from '../core/gate/gate-snapshot.js';
import type { Rule } from '../core/rules/rule-types.js';
import { colorizeReport } from './colorize-report.js';
import { escapeTerminalText } from './escape-terminal-text.js';
import { renderVerdict, type OutputFormat } from './render-verdict.js';

export interface ConsoleSinkOptions {
  format: OutputFormat;
  /** Where the report goes (standard output in the CLI). */
  write: (text: string) => void;
  /** Fields added to the JSON output beside the SPEC §5 contract. */
  extra?: Record<string, unknown>;
  rules?: Rule[];
  version?: string;
  /** ANSI colour for the text format (a terminal without NO_COLOR). */
  color?: boolean;
}

/** The console sink: the outcome printed in one format; the exit code is the verdict. */
export function createConsoleSink(options: ConsoleSinkOptions): GateSink<0 | 1> {
  return {
    async publish(outcome: GateOutcome) {
      const text = renderVerdict(outcome.verdict, options.format, {
        notScanned: outcome.notScanned,
        extra: {
          ...options.extra,
          ...(outcome.unreadable.length > 0 ? { unreadable: outcome.unreadable } : {}),
        },
        ...(options.rules ? { rules: options.rules } : {}),
        ...(options.version ? { version: options.version } : {}),
      });
      if (options.format !== 'text') options.write(text);
      else {
        // User text (paths, items) reaches a terminal: neutralise escape sequences first.
        const safe = escapeTerminalText(text);
        options.write(options.color ? colorizeReport(safe) : safe);
      }
      return outcome.verdict.verdict === 'pass' ? 0 : 1;
    },
  };
}
