import { parseChecklist } from '../src/core/checklist/parse-checklist.js';

/** A readiness document in the styles of the samples, repeated up to the wanted size. */
export function makeLargeChecklist(bytes: number): string {
  const block = (n: number) => `## Phase ${(n % 6) + 1}: Workstream ${n} ✅ COMPLETE

### ${n}.1 Secrets ✅
- [x] Move the key out of \`config/dev.ts\`
- [x] Rotate the **webhook** secret
- [ ] Add \`gitleaks\` to CI
  - [ ] Block pushes with findings
- ✅ **Audit log**: retained 30 days
- ⚠️ **Alerting**: needs an on-call rota

| Task | Status | Owner |
|------|--------|-------|
| Load test | ✅ Done | ana |
| Chaos test | ⏳ Pending | li |

Prose about workstream ${n}, with a [link](https://example.com/${n}) and \`code\`.

`;
  let text = '# Large Plan — Production Readiness\n\n**Status**: ✅ PRODUCTION READY\n\n';
  for (let n = 0; Buffer.byteLength(text) < bytes; n++) text += block(n);
  return text;
}

export function benchParseChecklist(megabytes: number): {
  size: number;
  items: number;
  ms: number;
} {
  const text = makeLargeChecklist(megabytes * 1024 * 1024);
  parseChecklist(text.slice(0, 200_000), 'warmup.md');
  const started = performance.now();
  const { document } = parseChecklist(text, 'LARGE_READINESS.md');
  const ms = performance.now() - started;
  return { size: Buffer.byteLength(text), items: document.items.length, ms };
}
