import type {
  ChecklistDocument,
  ChecklistItem,
  ChecklistPhase,
} from '../checklist/checklist-types.js';
import { escapeTerminal as t } from './escape-markdown.js';

const BAR_WIDTH = 20;
const MAX_BLOCKING = 15;

function bar(done: number, total: number): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * BAR_WIDTH);
  return `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
}

function phaseLine(phase: ChecklistPhase): string {
  const total = Object.values(phase.counts).reduce((sum, n) => sum + n, 0);
  const settled = phase.counts.done + phase.counts.skipped;
  const verdict = !phase.tracked ? 'not tracked' : phase.green ? 'green' : 'not green';
  const details = (['open', 'untracked', 'warning', 'failed', 'skipped'] as const)
    .filter((state) => phase.counts[state] > 0)
    .map((state) => `${phase.counts[state]} ${state}`)
    .join(', ');
  const label = `Phase ${phase.number}`.padEnd(9);
  const title =
    phase.title.length > 34 ? `${t(phase.title.slice(0, 33))}…` : t(phase.title).padEnd(34);
  return `  ${label}${title} ${bar(settled, total)} ${String(settled).padStart(4)}/${String(total).padEnd(4)} ${verdict}${details ? ` (${details})` : ''}`;
}

function itemLine(path: string, item: ChecklistItem): string {
  return `    ${t(path)}:${item.line}  ${item.state.padEnd(9)} ${t(item.text)}`;
}

/** The terminal report of `readiness-gate checklist`: phase by phase, then what blocks. */
export function renderChecklistText(documents: ChecklistDocument[], gatePhase = 1): string {
  const out: string[] = [];
  for (const document of documents) {
    out.push(`${t(document.path)}${document.title ? ` — ${t(document.title)}` : ''}`);
    if (document.implicitPhase) out.push('  (no phase headings: the whole document is phase 1)');
    if (document.phases.length === 0) out.push('  no checklist items found');
    for (const phase of document.phases) out.push(phaseLine(phase));

    const gate = document.phases.find((phase) => phase.number === gatePhase);
    const blocking = document.items.filter(
      (item) => item.phase === gatePhase && item.state !== 'done' && item.state !== 'skipped',
    );
    if (!gate || !gate.tracked) {
      out.push(`  Phase ${gatePhase} is not tracked: no items to check, so it cannot be green.`);
    } else if (blocking.length > 0) {
      out.push(`  Blocking phase ${gatePhase} (${blocking.length}):`);
      for (const item of blocking.slice(0, MAX_BLOCKING)) out.push(itemLine(document.path, item));
      if (blocking.length > MAX_BLOCKING)
        out.push(`    … and ${blocking.length - MAX_BLOCKING} more`);
    }
    if (document.claims.length > 0) {
      out.push('  Claims:');
      for (const claim of document.claims) {
        const measured =
          claim.measured === null ? 'nothing measurable' : `measured ${claim.measured}%`;
        out.push(
          `    ${t(document.path)}:${claim.line}  “${t(claim.text)}” claims ${claim.claimed}%, ${measured}`,
        );
      }
    }
    if (document.inconsistencies.length > 0) {
      out.push('  Inconsistent claims:');
      for (const issue of document.inconsistencies)
        out.push(`    ${t(document.path)}:${issue.line}  ${t(issue.message)}`);
    }
    if (document.repairs.length > 0) {
      const encodings = [...new Set(document.repairs.map((repair) => repair.encoding))].join(', ');
      out.push(
        `  Repaired ${document.repairs.length} mis-decoded sequence(s) (UTF-8 read as ${encodings}).`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}
