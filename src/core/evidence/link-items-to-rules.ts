import type { ChecklistItem } from '../checklist/checklist-types.js';
import type { Rule } from '../rules/rule-types.js';
import { matchesEvidenceFragment } from './match-evidence-fragment.js';

/**
 * The rules each done item claims evidence for: a rule's own `checklist` fragments, and the
 * config's `evidence` links (`"<item text fragment>": [rule-id, ...]`). Returns rule ids per
 * item, only for items that have at least one; unknown ids in the config are listed apart.
 */
export function linkItemsToRules(
  items: readonly ChecklistItem[],
  rules: readonly Rule[],
  evidence: Readonly<Record<string, readonly string[]>> = {},
): { links: Map<ChecklistItem, string[]>; unknown: string[] } {
  const known = new Set(rules.map((rule) => rule.id));
  const unknown = [
    ...new Set(Object.values(evidence).flatMap((ids) => ids.filter((id) => !known.has(id)))),
  ];
  const links = new Map<ChecklistItem, string[]>();
  for (const item of items) {
    if (item.state !== 'done') continue;
    const ids = new Set<string>();
    for (const rule of rules)
      if (rule.checklist.some((fragment) => matchesEvidenceFragment(item.text, fragment)))
        ids.add(rule.id);
    for (const [fragment, ruleIds] of Object.entries(evidence))
      if (matchesEvidenceFragment(item.text, fragment))
        for (const id of ruleIds) if (known.has(id)) ids.add(id);
    if (ids.size > 0) links.set(item, [...ids].sort());
  }
  return { links, unknown };
}
