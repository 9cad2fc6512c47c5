import { LINEAR_PATTERNS, linearPatternKey } from '../../src/core/rules/linear-patterns.js';
import { builtinPatterns } from './builtin-patterns.js';
import { proveLinear, type Proof } from './prove-linear.js';

// Built-in patterns run on V8's backtracking engine only when listed in LINEAR_PATTERNS; this
// is the proof that every listed pattern cannot backtrack catastrophically (exponentially or
// polynomially) on any input. Patterns not listed run on RE2 (linear, slower); finding which
// of them recheck can prove is `npx tsx bench/write-linear-patterns.ts`'s job (minutes, not a
// test's: recheck takes that long to show a pattern polynomial).
const patterns = builtinPatterns();
const byKey = new Map(patterns.map((p) => [linearPatternKey(p.source, p.ignoreCase), p]));
const proofs = new Map<string, Proof>();

beforeAll(async () => {
  for (const key of LINEAR_PATTERNS) {
    const pattern = byKey.get(key);
    if (pattern) proofs.set(key, await proveLinear(pattern));
  }
}, 600_000);

test('the built-in pack and checks hold patterns to check', () => {
  expect(patterns.length).toBeGreaterThanOrEqual(5);
  expect(LINEAR_PATTERNS.size).toBeGreaterThanOrEqual(1);
});

test('every pattern listed to run on V8 is a built-in pattern (the list is not stale)', () => {
  expect([...LINEAR_PATTERNS].filter((key) => !byKey.has(key))).toEqual([]);
});

test('recheck proves every pattern that runs on V8 safe', () => {
  const unproven = [...proofs].filter(([, proof]) => proof.status !== 'safe');
  expect(
    unproven.map(([key, proof]) => ({ key, status: proof.status, detail: proof.detail })),
  ).toEqual([]);
  expect(proofs.size).toBe(LINEAR_PATTERNS.size);
});
