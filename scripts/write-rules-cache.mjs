// The build's last step: the parsed built-in rule pack next to the compiled CLI, so a run does
// not validate the pack again (see src/local/load-builtin-rules.ts).
import { writeBuiltinRulesCache } from '../dist/local/load-builtin-rules.js';

const count = writeBuiltinRulesCache();
if (count === 0)
  console.error('rules/*.yml has errors: no cache written (run `readiness-gate validate`)');
