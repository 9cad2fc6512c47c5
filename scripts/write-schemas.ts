import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSchemas } from '../src/core/render/render-schemas.js';
import { CHECKS } from '../src/checks/index.js';

// `npm run schema`: writes the JSON Schemas editors use; a test fails when they are stale.
const rulesDir = fileURLToPath(new URL('../rules/', import.meta.url));
for (const [name, text] of Object.entries(renderSchemas(CHECKS)))
  writeFileSync(`${rulesDir}${name}`, text);
console.log(`wrote ${Object.keys(renderSchemas(CHECKS)).join(', ')} in rules/`);
