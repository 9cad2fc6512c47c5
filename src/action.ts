import { fileURLToPath } from 'node:url';
import { runAction } from './action/run-action.js';

// The GitHub Action's entry point (bundled into dist-action/index.js by `npm run build:action`).
// From src/ and from dist-action/ alike, the built-in rules are in ../rules/.
process.exitCode = await runAction({
  env: process.env,
  out: process.stdout,
  rulesDir: fileURLToPath(new URL('../rules/', import.meta.url)),
});
