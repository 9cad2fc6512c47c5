import { CHECKS } from '../../src/checks/index.js';
import { DEFAULT_CONFIG, type GateConfig } from '../../src/core/config/config-types.js';
import { extractRepositoryPaths } from '../../src/core/evidence/extract-repository-paths.js';
import { findChecklistChanges } from '../../src/core/evidence/find-checklist-changes.js';
import { matchesEvidenceFragment } from '../../src/core/evidence/match-evidence-fragment.js';
import { measureVerifiedScore } from '../../src/core/evidence/measure-verified-score.js';
import { scanRepository } from '../../src/core/evidence/scan-repository.js';
import { parseChecklist } from '../../src/core/checklist/parse-checklist.js';
import type { GateSnapshot, WaiverClaim } from '../../src/core/gate/gate-snapshot.js';
import { runGate } from '../../src/core/gate/run-gate.js';
import { renderReportMarkdown } from '../../src/core/render/render-report-markdown.js';
import { renderReportText } from '../../src/core/render/render-report-text.js';
import type { Rule } from '../../src/core/rules/rule-types.js';
import { loadBuiltinRules } from '../../src/local/load-builtin-rules.js';
import { makeLocalTarget } from '../helpers/make-local-target.js';

/** Issue 9, items 10–13: claims checked against the code, on in-memory snapshots. */

const PACK = loadBuiltinRules().rules;
const STRIPE_KEY = `sk_live_${'4eC39HqLyjWDarjtT1zdp7dc'}`;

function rule(id: string): Rule {
  const found = PACK.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no built-in rule ${id}`);
  return found;
}

function snapshot(input: {
  plan: string;
  base?: string | null;
  files?: Record<string, string>;
  repository?: boolean;
  config?: Partial<GateConfig>;
  waivers?: WaiverClaim[];
  rules?: Rule[];
}): GateSnapshot {
  const files = { 'docs/ACTION_PLAN.md': input.plan, ...input.files };
  return {
    target: makeLocalTarget(),
    config: { ...DEFAULT_CONFIG, ...input.config },
    rules: input.rules ?? PACK,
    errors: [],
    changes: [],
    headPaths: Object.keys(files),
    checklists: [{ path: 'docs/ACTION_PLAN.md', text: input.plan }],
    notScanned: [],
    unreadable: [],
    waivers: input.waivers ?? [],
    ...(input.base === undefined
      ? {}
      : {
          baseChecklists:
            input.base === null ? [] : [{ path: 'docs/ACTION_PLAN.md', text: input.base }],
        }),
    ...(input.repository === false
      ? {}
      : {
          repository: {
            files: Object.entries(files).map(([path, text]) => ({ path, text })),
            truncated: false,
          },
        }),
  };
}

const blocking = (outcome: Awaited<ReturnType<typeof runGate>>) =>
  outcome.verdict.findings
    .filter((finding) => finding.severity === 'error' && !finding.waived && !finding.suppressed)
    .map((finding) => [finding.rule, finding.path, finding.line]);

describe('10. claims checked against the repository at head', () => {
  const plan =
    '# Plan\n\n## Phase 1: Secrets\n- [x] Remove dev keys from the config\n- [x] Add a health check\n';

  it('reports a ticked item as claimed, not true, while a linked rule still finds violations', async () => {
    const outcome = await runGate(
      snapshot({ plan, files: { 'src/config.ts': `export const key = '${STRIPE_KEY}';\n` } }),
      CHECKS,
    );
    expect(outcome.verdict.verdict).toBe('fail');
    expect(blocking(outcome)).toEqual([['claim-contradicted', 'docs/ACTION_PLAN.md', 4]]);
    const finding = outcome.verdict.findings[0];
    expect(finding?.message).toMatch(/^Claimed, not true: “Remove dev keys from the config”/);
    expect(finding?.message).toContain('src/config.ts:1');
    // The key is masked everywhere the finding goes.
    expect(JSON.stringify(outcome)).not.toContain(STRIPE_KEY);
  });

  it('passes when the repository is clean', async () => {
    const outcome = await runGate(
      snapshot({ plan, files: { 'src/config.ts': 'export const key = process.env.KEY;\n' } }),
      CHECKS,
    );
    expect(blocking(outcome)).toEqual([]);
    expect(outcome.verdict.verdict).toBe('pass');
    expect(outcome.verdict.evidence).toMatchObject({ claims: true, contradicted: 0 });
  });

  it('links items through the config and warns outside the gating phase', async () => {
    const text =
      '# Plan\n\n## Phase 1\n- [x] a\n\n## Phase 2\n- [x] Payment provider wired for real\n';
    const outcome = await runGate(
      snapshot({
        plan: text,
        files: { 'src/pay.ts': `const k = '${STRIPE_KEY}';\n` },
        config: { evidence: { 'payment provider': ['dev-keys'] } },
      }),
      CHECKS,
    );
    expect(outcome.verdict.findings).toMatchObject([
      { rule: 'claim-contradicted', severity: 'warning', line: 7 },
    ]);
  });

  it('does not check claims without the repository, says so, and fails when the config asks', async () => {
    const quiet = await runGate(snapshot({ plan, repository: false }), CHECKS);
    expect(quiet.verdict.evidence?.claims).toBe(false);
    expect(quiet.verdict.evidence?.notes.join(' ')).toMatch(/not checked against the code/);
    const asked = await runGate(
      snapshot({ plan, repository: false, config: { evidence: { 'dev keys': ['dev-keys'] } } }),
      CHECKS,
    );
    expect(asked.verdict.verdict).toBe('fail');
    expect(asked.verdict.gate.reasons.join(' ')).toMatch(/repository at head was not read/);
  });

  it('is off when the rule is disabled', async () => {
    const outcome = await runGate(
      snapshot({
        plan,
        files: { 'src/config.ts': `const key = '${STRIPE_KEY}';\n` },
        rules: PACK.filter((candidate) => candidate.id !== 'claim-contradicted'),
      }),
      CHECKS,
    );
    expect(blocking(outcome)).toEqual([]);
  });

  it.each([
    ['Remove all local-dev-key instances', 'dev key', true],
    ['No hardcoded dev credentials', 'hardcoded credentials', true],
    ['All API keys rotated', 'api key', true],
    ['Key rotation for the dev team', 'dev key', false],
    ['Credentials hardcoded nowhere', 'hardcoded credentials', false],
  ])('%j carries the fragment %j: %p', (text, fragment, expected) => {
    expect(matchesEvidenceFragment(text, fragment)).toBe(expected);
  });

  it('scans files whole, skipping suppressed lines and excluded paths', async () => {
    const found = await scanRepository(
      [rule('dev-keys')],
      [
        { path: 'src/a.ts', text: `x\nconst k = '${STRIPE_KEY}';\n` },
        { path: 'src/b.ts', text: `const k = '${STRIPE_KEY}'; // readiness:allow dev-keys\n` },
        { path: 'test/fixtures/keys.ts', text: `const k = '${STRIPE_KEY}';\n` },
      ],
      CHECKS,
    );
    expect(found.violations.get('dev-keys')).toMatchObject({
      count: 1,
      locations: [{ path: 'src/a.ts', line: 2 }],
    });
  });
});

describe('11. deliverables must exist at head', () => {
  const plan = [
    '# Plan',
    '',
    '## Phase 1',
    '- ✅ Schema check in `scripts/verify_schema.sh`',
    '- ✅ Env guide: [setup](ENV_SETUP.md)',
    '- ✅ Config at `/etc/app/app.conf`, docs at https://example.com/x.md, all `src/**/*.ts`',
    '- ⏳ Runbook in `docs/RUNBOOK.md`',
    '',
  ].join('\n');

  it('blocks a done item naming a missing path; links resolve from the document folder', async () => {
    const outcome = await runGate(
      snapshot({ plan, files: { 'docs/ENV_SETUP.md': '# Env\n' } }),
      CHECKS,
    );
    expect(blocking(outcome)).toEqual([['deliverable-missing', 'docs/ACTION_PLAN.md', 4]]);
    expect(outcome.verdict.findings[0]?.message).toContain('`scripts/verify_schema.sh`');
  });

  it('passes once the script exists', async () => {
    const outcome = await runGate(
      snapshot({
        plan,
        files: { 'docs/ENV_SETUP.md': '# Env\n', 'scripts/verify_schema.sh': 'echo ok\n' },
      }),
      CHECKS,
    );
    expect(blocking(outcome)).toEqual([]);
  });

  it.each([
    [
      'Run `scripts/check.sh` then see [guide](./guide/README.md#top)',
      ['scripts/check.sh', 'docs/guide/README.md'],
    ],
    ['`npm run build`, `process.env.KEY`, `v1.2.3`, `src/*.ts`, `/usr/bin/env`', []],
    [
      'See [up](../ROOT.md) and `README.md` and `Dockerfile`',
      ['README.md', 'Dockerfile', 'ROOT.md'],
    ],
    ['[site](https://example.com/a.md) and [mail](mailto:a@b.c)', []],
  ])('finds the paths in %j', (line, expected) => {
    expect(extractRepositoryPaths(line, 'docs/PLAN.md').map((found) => found.path)).toEqual(
      expected,
    );
  });
});

describe('12. changes to the gated document', () => {
  const base = [
    '# Plan',
    '',
    '## Phase 1',
    '- [ ] Rotate the webhook secret',
    '- [ ] Add rate limiting',
    '- [ ] Backups tested',
    '- [ ] Alerting on 5xx',
    '- [ ] Pager rota',
    '- [x] Health check',
    '',
    '## Phase 2',
    '- [ ] Tablet layout',
    '',
  ].join('\n');

  it('lists every change and marks what de-scopes open Phase 1 work', async () => {
    const head = [
      '# Plan',
      '',
      '## Phase 1',
      '- [x] Rotate the webhook secret',
      '- [ ] ~~Backups tested~~',
      '- [x] Health check',
      '<!-- - [ ] Alerting on 5xx -->',
      '',
      '## Phase 2',
      '- [ ] Tablet layout',
      '- [ ] Pager rota',
      '',
      '## Out of Scope',
      '- [ ] Add rate limiting',
      '',
    ].join('\n');
    const changes = findChecklistChanges({
      base: [parseChecklist(base, 'P.md').document],
      head: [parseChecklist(head, 'P.md').document],
      headTexts: new Map([['P.md', head]]),
      phase: 1,
    });
    expect(changes.map((c) => [c.kind, c.text, c.line, c.descoped])).toEqual([
      ['ticked', 'Rotate the webhook secret', 4, false],
      ['out-of-scope', 'Add rate limiting', 14, true],
      ['struck', 'Backups tested', 5, true],
      ['commented-out', 'Alerting on 5xx', 7, true],
      ['moved-phase', 'Pager rota', 11, true],
    ]);
  });

  it('lists a deleted gated document as blocking and a renamed one as a change', async () => {
    const deleted = findChecklistChanges({
      base: [parseChecklist(base, 'P.md').document],
      head: [],
      headTexts: new Map(),
      phase: 1,
    });
    expect(deleted).toMatchObject([{ kind: 'document-deleted', path: 'P.md', descoped: true }]);
    const renamed = findChecklistChanges({
      base: [parseChecklist(base, 'P.md').document],
      head: [parseChecklist(base, 'docs/P.md').document],
      headTexts: new Map([['docs/P.md', base]]),
      phase: 1,
    });
    expect(renamed).toMatchObject([
      { kind: 'document-renamed', path: 'P.md', text: 'docs/P.md', descoped: false },
    ]);
  });

  it('does not block a reworded open item', async () => {
    const head = base.replace('Add rate limiting', 'Add rate limiting to the public API');
    const changes = findChecklistChanges({
      base: [parseChecklist(base, 'P.md').document],
      head: [parseChecklist(head, 'P.md').document],
      headTexts: new Map([['P.md', head]]),
      phase: 1,
    });
    expect(changes).toMatchObject([{ kind: 'edited', descoped: false }]);
  });

  it('blocks a PR that deletes an open Phase 1 item; a writer’s waiver lets it pass', async () => {
    const done = base
      .split('\n')
      .map((line) => line.replace('- [ ] ', '- [x] '))
      .join('\n');
    const head = done.replace('- [x] Pager rota\n', '');
    const before = done.replace('- [x] Pager rota', '- [ ] Pager rota');
    const blocked = await runGate(snapshot({ plan: head, base: before }), CHECKS);
    expect(blocked.verdict.verdict).toBe('fail');
    expect(blocking(blocked)).toEqual([['checklist-descoped', 'docs/ACTION_PLAN.md', 8]]);
    expect(blocked.checklistChanges).toMatchObject([
      { kind: 'removed', text: 'Pager rota', side: 'base', descoped: true },
    ]);
    expect(renderReportMarkdown(blocked.verdict)).toContain(
      '### Checklist changes in this pull request',
    );
    expect(renderReportText(blocked.verdict)).toContain('Checklist changes in this pull request:');

    const waiver: WaiverClaim = {
      rule: 'checklist-descoped',
      path: 'docs/ACTION_PLAN.md',
      reason: 'Pager rota moves to the ops team plan',
      by: 'lead',
      at: '2026-12-01T00:00:00Z',
      commentUrl: null,
      commentId: 7,
      fingerprints: null,
    };
    const waived = await runGate(snapshot({ plan: head, base: before, waivers: [waiver] }), CHECKS);
    expect(blocking(waived)).toEqual([]);
    expect(waived.verdict.verdict).toBe('pass');
    expect(waived.acknowledge[0]?.fingerprints).toEqual([blocked.verdict.findings[0]?.fingerprint]);
  });

  it('blocks deleting the gated document that exists on the base branch', async () => {
    const outcome = await runGate(
      { ...snapshot({ plan: base, base }), checklists: [], headPaths: ['README.md'] },
      CHECKS,
    );
    expect(blocking(outcome)).toContainEqual(['checklist-descoped', 'docs/ACTION_PLAN.md', 1]);
  });

  it('warns about a gated document renamed to another gated path', async () => {
    const outcome = await runGate(
      {
        ...snapshot({ plan: base, base }),
        checklists: [{ path: 'docs/PLAN_ACTION_PLAN.md', text: base }],
      },
      CHECKS,
    );
    expect(outcome.verdict.findings).toMatchObject([
      { rule: 'checklist-descoped', severity: 'warning', path: 'docs/ACTION_PLAN.md', line: 1 },
    ]);
  });

  it('says so when the base was not read', async () => {
    const outcome = await runGate(snapshot({ plan: base }), CHECKS);
    expect(outcome.checklistChanges).toBeUndefined();
    expect(outcome.verdict.evidence?.notes.join(' ')).toMatch(/not compared with the base/);
  });
});

describe('13. the measured score counts verified items', () => {
  it('leaves contradicted done items out of the measured score', async () => {
    const { document } = parseChecklist('# P\n\n- [x] a\n- [x] b\n- [x] c\n- [ ] d\n', 'P.md');
    expect(measureVerifiedScore(document, new Set())).toEqual({ measured: 75, contradicted: 0 });
    expect(measureVerifiedScore(document, new Set([3]))).toEqual({ measured: 50, contradicted: 1 });
  });

  it('reports "claims 100 %, measured 50 %, 1 claim contradicted" through the gate', async () => {
    const plan =
      '# Plan\n\nStatus: ✅ PRODUCTION READY\n\n- [x] Remove dev keys\n- [x] Health check\n';
    const outcome = await runGate(
      snapshot({ plan, files: { 'src/k.ts': `const k = '${STRIPE_KEY}';\n` } }),
      CHECKS,
    );
    expect(outcome.verdict.documents[0]?.claims).toEqual([
      { text: 'Status: ✅ PRODUCTION READY', line: 3, claimed: 100, measured: 50, contradicted: 1 },
    ]);
    expect(renderReportMarkdown(outcome.verdict)).toContain(
      'measured 50%, 1 claim(s) contradicted by the code',
    );
  });
});

describe('10. a claim contradicted only by an advisory rule', () => {
  it('is a warning, not a block', async () => {
    const plan = '# Plan\n\n## Phase 1\n- [x] Graceful shutdown without a bare exit\n';
    const outcome = await runGate(
      snapshot({ plan, files: { 'src/main.ts': 'process.exit(1);\n' } }),
      CHECKS,
    );
    expect(outcome.verdict.findings).toMatchObject([
      { rule: 'claim-contradicted', severity: 'warning', line: 4 },
    ]);
    expect(outcome.verdict.verdict).toBe('pass');
  });
});

describe('suppression on the checklist line', () => {
  it('keeps a claim finding but marks it suppressed with the reason', async () => {
    const plan =
      '# Plan\n\n## Phase 1\n- [x] Remove dev keys <!-- readiness:allow claim-contradicted -- the key is a revoked sample -->\n';
    const outcome = await runGate(
      snapshot({ plan, files: { 'src/k.ts': `const k = '${STRIPE_KEY}';\n` } }),
      CHECKS,
    );
    expect(outcome.verdict.findings).toMatchObject([
      {
        rule: 'claim-contradicted',
        suppressed: true,
        suppression: 'the key is a revoked sample',
      },
    ]);
    expect(outcome.verdict.verdict).toBe('pass');
  });
});
