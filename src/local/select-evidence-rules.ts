import type { ChecklistOptions } from '../core/checklist/checklist-types.js';
import { parseChecklist } from '../core/checklist/parse-checklist.js';
import type { GateConfig } from '../core/config/config-types.js';
import { CLAIM_CONTRADICTED } from '../core/evidence/evidence-types.js';
import { linkItemsToRules } from '../core/evidence/link-items-to-rules.js';
import type { Rule } from '../core/rules/rule-types.js';

/**
 * The rules whose findings in the whole repository could contradict a claim: those linked to a
 * done item of a gated document, by their `checklist` fragments or the config's `evidence`
 * (documents parsed with the options `runGate` uses). Empty when `claim-contradicted` is off or
 * nothing done is linked: then no file at head can change the verdict, and the repository need
 * not be read. A superset of what `runGate` links (it also drops rules its registry lacks).
 */
export function selectEvidenceRules(
  config: GateConfig,
  rules: readonly Rule[],
  checklists: ReadonlyArray<{ path: string; text: string }>,
): Rule[] {
  if (!rules.some((rule) => rule.id === CLAIM_CONTRADICTED)) return [];
  const candidates = rules.filter((rule) => rule.check.kind !== 'gate-evidence');
  const evidence = config.evidence ?? {};
  if (!candidates.some((rule) => rule.checklist.length > 0) && Object.keys(evidence).length === 0)
    return [];
  const options: Partial<ChecklistOptions> = {
    ...(config.phasePattern ? { phasePattern: config.phasePattern } : {}),
    ...(config.outOfScope ? { outOfScopeTitles: config.outOfScope } : {}),
  };
  const items = checklists.flatMap(
    ({ path, text }) => parseChecklist(text, path, options).document.items,
  );
  const { links } = linkItemsToRules(items, candidates, evidence);
  const wanted = new Set([...links.values()].flat());
  return candidates.filter((rule) => wanted.has(rule.id));
}
