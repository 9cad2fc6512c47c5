import type { ChecklistDocument, ChecklistItem } from '../checklist/checklist-types.js';
import type { Finding, Rule } from '../rules/rule-types.js';
import type { RuleViolations } from './evidence-types.js';
import { makeEvidenceFinding } from './make-evidence-finding.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * A done item linked to rules that still find violations in the repository at head is claimed,
 * not true (`claim-contradicted`): one finding per item, naming the rules and their first
 * locations (excerpts as masked by the checks).
 */
export function findContradictedClaims(input: {
  documents: readonly ChecklistDocument[];
  links: ReadonlyMap<ChecklistItem, readonly string[]>;
  violations: ReadonlyMap<string, RuleViolations>;
  rule: Rule;
  phase: number;
  /** Ids of linked rules whose findings block (`error`); a claim only they contradict blocks. */
  blocking: ReadonlySet<string>;
}): { findings: Finding[]; contradicted: Map<string, Set<number>> } {
  const findings: Finding[] = [];
  const contradicted = new Map<string, Set<number>>();
  for (const document of input.documents) {
    for (const item of document.items) {
      const ids = input.links.get(item);
      if (!ids) continue;
      const failing = ids
        .map((id) => input.violations.get(id))
        .filter((found): found is RuleViolations => found !== undefined && found.count > 0);
      if (failing.length === 0) continue;
      const lines = contradicted.get(document.path) ?? new Set<number>();
      lines.add(item.line);
      contradicted.set(document.path, lines);
      const where = failing
        .map((found) => {
          const shown = found.locations
            .slice(0, 3)
            .map((at) => `${at.path}:${at.line}`)
            .join(', ');
          const more = found.count > 3 ? `, … ${found.count - 3} more` : '';
          return `\`${found.rule}\` still finds ${plural(found.count, 'violation')} at head (${shown}${more})`;
        })
        .join('; ');
      const first = failing[0]?.locations[0];
      findings.push(
        makeEvidenceFinding({
          rule: input.rule,
          path: document.path,
          line: item.line,
          subject: item.text,
          message: `Claimed, not true: “${item.text}” is marked done, but ${where}; expected no violation left in the repository`,
          excerpt: first?.excerpt ? `${first.path}:${first.line}: ${first.excerpt}` : null,
          // Contradicted only by advisory rules (warnings), the claim is a warning too.
          inGatingPhase:
            item.phase === input.phase && failing.some((found) => input.blocking.has(found.rule)),
        }),
      );
    }
  }
  return { findings, contradicted };
}
