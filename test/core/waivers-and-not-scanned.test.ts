import { parseChecklist } from '../../src/core/checklist/parse-checklist.js';
import { DEFAULT_CONFIG } from '../../src/core/config/config-types.js';
import { classifyNotScanned } from '../../src/core/gate/classify-not-scanned.js';
import { computeVerdict } from '../../src/core/gate/compute-verdict.js';
import type { NotScannedFile, WaiverClaim } from '../../src/core/gate/gate-snapshot.js';
import { filterWaiverClaims } from '../../src/core/waivers/filter-waiver-claims.js';

const claim = (by: string): WaiverClaim => ({
  rule: 'dev-keys',
  path: null,
  reason: 'fine',
  by,
  at: '2026-12-01T00:00:00Z',
  commentUrl: null,
  commentId: 1,
  fingerprints: null,
});

describe('filterWaiverClaims', () => {
  it('refuses the author’s waiver of their own PR by default', () => {
    const result = filterWaiverClaims(
      [claim('Author'), claim('reviewer')],
      'author',
      DEFAULT_CONFIG,
    );
    expect(result.allowed.map((c) => c.by)).toEqual(['reviewer']);
    expect(result.refused).toEqual([
      { claim: claim('Author'), reason: expect.stringContaining('waivers.allowAuthor: true') },
    ]);
  });

  it('allows it when the base config says so', () => {
    const result = filterWaiverClaims([claim('author')], 'author', {
      waivers: { allowAuthor: true },
    });
    expect(result.allowed).toHaveLength(1);
    expect(result.refused).toEqual([]);
  });
});

describe('files the gate could not scan', () => {
  const green = parseChecklist('## Phase 1\n- [x] a\n', 'P.md').document;
  const verdictWith = (notScanned: NotScannedFile[], policy = DEFAULT_CONFIG.notScanned) =>
    computeVerdict({
      documents: [green],
      findings: [],
      errors: [],
      phase: 1,
      untracked: 'open',
      notScanned,
      notScannedPolicy: policy,
    });

  it('fails on a text file GitHub sent without a patch (the attack: hide a key in a huge file)', () => {
    const verdict = verdictWith([{ path: 'src/config.ts', reason: 'larger than 1 MB' }]);
    expect(verdict.verdict).toBe('fail');
    expect(verdict.gate.reasons).toEqual([
      '1 file(s) could not be scanned (`src/config.ts`); `notScanned` in the base config decides whether that blocks.',
    ]);
    expect(verdict.notScanned).toEqual([
      { path: 'src/config.ts', reason: 'larger than 1 MB', kind: 'text', action: 'fail' },
    ]);
  });

  it('fails on a submodule change and on files past GitHub’s 3,000 (sources mark them text)', () => {
    expect(
      verdictWith([
        { path: 'vendor/lib', reason: 'submodule', kind: 'text' },
        { path: '(3,000+ files)', reason: 'GitHub lists at most 3,000 files', kind: 'text' },
      ]).verdict,
    ).toBe('fail');
  });

  it('only warns on a real binary, and follows the config', () => {
    const image = { path: 'docs/logo.png', reason: 'binary' };
    expect(verdictWith([image])).toMatchObject({
      verdict: 'pass',
      notScanned: [{ kind: 'binary', action: 'warn' }],
    });
    expect(verdictWith([image], { text: 'fail', binary: 'fail' }).verdict).toBe('fail');
    expect(
      verdictWith([{ path: 'a.ts', reason: 'x' }], { text: 'warn', binary: 'warn' }).verdict,
    ).toBe('pass');
  });

  it.each([
    ['logo.png', undefined, 'binary'],
    ['logo.PNG', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), 'binary'],
    ['logo.png', 'export const key = "sk_live_x";', 'text'],
    ['src/a.ts', 'a\u0000b', 'text'],
    ['README', undefined, 'text'],
    ['data', new Uint8Array([1, 0, 2]), 'binary'],
    ['data', 'plain', 'text'],
  ] as const)('classifies %s (%j) as %s', (path, sample, kind) => {
    expect(classifyNotScanned(path, sample)).toBe(kind);
  });
});
