import { fingerprintOf } from '../rules/evaluate-rules.js';
import type { Finding, Rule } from '../rules/rule-types.js';

/**
 * A finding of one of the gate's own evidence rules, on a line of a checklist. It carries the
 * rule's (tuned) severity when the item is in the gating phase and is a warning elsewhere; its
 * fingerprint is the rule, the path and the item's text, so a waiver covers it until the item
 * changes.
 */
export function makeEvidenceFinding(input: {
  rule: Rule;
  path: string;
  line: number;
  /** The item's text (or what identifies the change), for the fingerprint. */
  subject: string;
  message: string;
  excerpt?: string | null;
  inGatingPhase: boolean;
}): Finding {
  const { rule } = input;
  return {
    rule: rule.id,
    severity: input.inGatingPhase || rule.severity !== 'error' ? rule.severity : 'warning',
    phase: rule.phase,
    path: input.path,
    line: input.line,
    message: input.message,
    excerpt: input.excerpt ?? null,
    suppressed: false,
    suppression: null,
    waived: false,
    fingerprint: fingerprintOf(rule.id, input.path, input.subject.trim()),
  };
}
