import { LINEAR_PATTERNS, linearPatternKey } from '../../src/core/rules/linear-patterns.js';
import { builtinPatterns } from './builtin-patterns.js';
import { proveLinear } from './prove-linear.js';

// Run by redos.test.ts in a plain Node process: recheck's Scala.js build runs several times
// slower inside Jest's module sandbox. Prints the proofs of the listed patterns as JSON.
const proofs: Array<{ key: string; status: string; detail: string | null }> = [];
for (const pattern of builtinPatterns()) {
  const key = linearPatternKey(pattern.source, pattern.ignoreCase);
  if (LINEAR_PATTERNS.has(key) && !proofs.some((proof) => proof.key === key)) {
    const proof = await proveLinear(pattern);
    proofs.push({ key, status: proof.status, detail: proof.detail });
  }
}
process.stdout.write(JSON.stringify(proofs));
