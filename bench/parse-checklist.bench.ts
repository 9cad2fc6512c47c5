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
  return joinUpTo(
    bytes,
    '# Large Plan — Production Readiness\n\n**Status**: ✅ PRODUCTION READY\n\n',
    block,
  );
}

/**
 * `head`, then `part(0)`, `part(1)`, ... until `bytes` are reached, then `tail`: parts joined
 * once, sizes summed as they go (linear, not a re-measure of the whole each time).
 */
function joinUpTo(bytes: number, head: string, part: (n: number) => string, tail = ''): string {
  const parts = [head];
  let size = Buffer.byteLength(head);
  for (let n = 0; size < bytes; n++) {
    const next = part(n);
    parts.push(next);
    size += Buffer.byteLength(next);
  }
  parts.push(tail);
  return parts.join('');
}

export function benchParseChecklist(megabytes: number): {
  size: number;
  items: number;
  ms: number;
} {
  return timeParse(makeLargeChecklist(megabytes * 1024 * 1024), 200_000, 'LARGE_READINESS.md');
}

/** One parse of `text`, timed after a warm-up parse of its first `warmup` characters. */
function timeParse(
  text: string,
  warmup: number,
  path: string,
): { size: number; items: number; ms: number } {
  parseChecklist(text.slice(0, warmup), 'warmup.md');
  const started = performance.now();
  const { document } = parseChecklist(text, path);
  const ms = performance.now() - started;
  return { size: Buffer.byteLength(text), items: document.items.length, ms };
}

/**
 * The worst case for the parser: one long list whose every line the fast reader refuses
 * (emphasis, reference links), so that remark reads all of it, block by block.
 */
export function makeRemarkOnlyChecklist(bytes: number): string {
  return joinUpTo(
    bytes,
    '# Worst Case\n\n## Phase 1\n\n',
    (n) => `- [ ] item ${n} with *emphasis*, a [reference][r${n % 7}] and _underscores_ ✅\n`,
    '\n[r0]: https://example.com/r0\n',
  );
}

export function benchParseWorstCase(megabytes: number): {
  size: number;
  items: number;
  ms: number;
} {
  return timeParse(makeRemarkOnlyChecklist(megabytes * 1024 * 1024), 20_000, 'WORST_CASE.md');
}
