import { createCheck } from './create-check.js';

/**
 * The kind of the built-in evidence rules (`claim-contradicted`, `deliverable-missing`,
 * `checklist-descoped`): they judge the checklist against the repository and the base branch,
 * not a diff, so on a diff they find nothing; `runGate` produces their findings. The rule files
 * exist so that listing, severity tuning, disabling and waivers work as for any other rule.
 */
export default createCheck<Record<string, never>>({
  meta: {
    kind: 'gate-evidence',
    description:
      'Built-in evidence checks run by the gate itself (claims against the code, deliverables at head, checklist changes); nothing on a diff.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: { kind: { const: 'gate-evidence' } },
    },
  },
  create() {
    return { run: () => [] };
  },
});
