import type { Rule } from '../../src/core/rules/rule-types.js';
import { makeChange } from './make-change.js';
import { findingsOf } from './run-rule.js';

/**
 * The findings of `rule` on many hostile lines (each removed and added again at `path`).
 * Lines are cut to 4,096 characters before any matcher; a quadratic one still costs tens of
 * milliseconds a line there, so the attack is many such lines. They are checked in slices of
 * `perSlice` with a turn of the event loop between, so that Jest's timeout can fire: a
 * synchronous test that blocks for minutes would otherwise pass.
 */
export async function findingsInSlices(
  rule: Rule,
  path: string,
  hostile: string,
  slices: number,
  perSlice = 10,
): Promise<Array<[string, number]>> {
  const found: Array<[string, number]> = [];
  for (let slice = 0; slice < slices; slice++) {
    await new Promise((resolve) => setImmediate(resolve));
    const lines = [
      ...Array<string>(perSlice).fill(`-${hostile}`),
      ...Array<string>(perSlice).fill(`+${hostile}`),
    ];
    found.push(...findingsOf(rule, [makeChange(path, lines)]));
  }
  return found;
}
