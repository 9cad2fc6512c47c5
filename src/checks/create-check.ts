import type { CheckDefinition } from '../core/rules/rule-types.js';

/** Declares a check kind (typescript-eslint style: meta plus create). */
export function createCheck<Options>(
  definition: CheckDefinition<Options>,
): CheckDefinition<Options> {
  return definition;
}
