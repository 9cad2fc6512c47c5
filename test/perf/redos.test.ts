import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LINEAR_PATTERNS, linearPatternKey } from '../../src/core/rules/linear-patterns.js';
import { builtinPatterns } from './builtin-patterns.js';

// Built-in patterns run on V8's backtracking engine only when listed in LINEAR_PATTERNS; this
// is the proof that every listed pattern cannot backtrack catastrophically (exponentially or
// polynomially) on any input. Patterns not listed run on RE2 (linear, slower); finding which
// of them recheck can prove is `npx tsx bench/write-linear-patterns.ts`'s job (minutes, not a
// test's: recheck takes that long to show a pattern polynomial).
const patterns = builtinPatterns();
const keys = new Set(patterns.map((p) => linearPatternKey(p.source, p.ignoreCase)));

test('the built-in pack and checks hold patterns to check', () => {
  expect(patterns.length).toBeGreaterThanOrEqual(5);
  expect(LINEAR_PATTERNS.size).toBeGreaterThanOrEqual(1);
});

test('every pattern listed to run on V8 is a built-in pattern (the list is not stale)', () => {
  expect([...LINEAR_PATTERNS].filter((key) => !keys.has(key))).toEqual([]);
});

test('recheck proves every pattern that runs on V8 safe', () => {
  const script = fileURLToPath(new URL('./prove-listed.ts', import.meta.url));
  const output = execFileSync(process.execPath, ['--import', 'tsx', script], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const proofs = JSON.parse(output) as Array<{
    key: string;
    status: string;
    detail: string | null;
  }>;
  expect(proofs.filter((proof) => proof.status !== 'safe')).toEqual([]);
  expect(proofs.map((proof) => proof.key).sort()).toEqual([...LINEAR_PATTERNS].sort());
}, 600_000);
