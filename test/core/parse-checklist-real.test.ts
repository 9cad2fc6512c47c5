import { readFileSync } from 'node:fs';
import type { ChecklistDocument } from '../../src/core/checklist/checklist-types.js';
import { MAX_NESTING, parseChecklist } from '../../src/core/checklist/parse-checklist.js';
import { findDocumentClaims } from '../../src/core/checklist/find-document-claims.js';
import { readStatusMarker } from '../../src/core/checklist/read-status-marker.js';
import { fixtures } from '../helpers/paths.js';

/** Issue 9: the model on documents written the way real readiness plans are. */

function parse(text: string): ChecklistDocument {
  const { document, errors } = parseChecklist(text, 'PLAN.md');
  expect(errors).toEqual([]);
  return document;
}

function fixture(name: string): ChecklistDocument {
  return parse(readFileSync(`${fixtures}/checklists/${name}`, 'utf8'));
}

const rows = (document: ChecklistDocument) =>
  document.items.map((item) => [item.line, item.state, item.text]);

describe('1–2. status tables', () => {
  const document = fixture('status-tables.md');

  it('takes the item column, not the category, and keeps the category as context', () => {
    expect(document.items.slice(0, 4).map((item) => [item.text, item.context])).toEqual([
      ['Rotate leaked keys', 'Security'],
      ['Pin the TLS policy', 'Security'],
      ['Nightly backups restore cleanly', 'Data'],
      ['Point-in-time recovery', 'Data'],
    ]);
  });

  it('reads Yes/No and ✓ columns and status words with bold and trailing notes', () => {
    expect(rows(document)).toEqual([
      [7, 'done', 'Rotate leaked keys'],
      [8, 'done', 'Pin the TLS policy'],
      [9, 'open', 'Nightly backups restore cleanly'],
      [10, 'open', 'Point-in-time recovery'],
      [14, 'done', 'Pager rota covers weekends'],
      [15, 'open', 'Runbook for failed payouts'],
      [16, 'open', 'Dashboards for queue depth'],
      [20, 'done', 'Lint passes on main'],
      [21, 'failed', 'Contract tests'],
      [22, 'open', 'Load test at 2x peak'],
    ]);
  });

  it('skips a repeated category without an item header for the longest text beside it', () => {
    expect(document.items[4]).toMatchObject({ text: 'Pager rota covers weekends', context: 'Ops' });
  });

  it('does not track a "Status" column of HTTP codes', () => {
    expect(document.items.some((item) => item.text.includes('/health'))).toBe(false);
  });

  it.each([
    ['Yes', 'done'],
    ['No', 'open'],
    ['WIP', 'open'],
    ['Planned', 'open'],
    ['MET', 'done'],
    ['NOT MET', 'open'],
    ['CLOSED', 'done'],
    ['OPEN', 'open'],
    ['PASS', 'done'],
    ['FAIL', 'failed'],
    ['IN PROGRESS (target v0.3)', 'open'],
    ['MET — see the audit', 'done'],
    ['Yes, since v2', 'done'],
    ['No-go', 'failed'],
    ['Conditional', 'warning'],
  ])('reads the cell %j as %s', (cell, state) => {
    expect(readStatusMarker(cell, { words: true })?.state).toBe(state);
  });

  it.each(['200', '14:00', 'dana', 'Nothing here yet', 'Notes'])(
    'sees no status in the cell %j',
    (cell) => {
      expect(readStatusMarker(cell, { words: true })).toBeNull();
    },
  );
});

describe('3–5. legends, conditions and goals', () => {
  const document = fixture('legends-conditions-goals.md');

  it('reads no legend line, no launch or rollback condition and no ✅ target as an item', () => {
    expect(rows(document)).toEqual([
      [14, 'done', 'Crash reporting wired to the on-call channel'],
      [15, 'open', 'Offline queue survives an app restart'],
      [27, 'open', 'Tablet layouts'],
      [34, 'open', 'Phase 2 sign-off by the security lead'],
    ]);
  });

  it('reports ✅ targets over open tasks, and they never turn the phase green', () => {
    expect(document.phases.find((p) => p.number === 1)).toMatchObject({
      green: false,
      counts: { done: 1, open: 1 },
    });
    expect(document.inconsistencies).toEqual([
      {
        line: 22,
        message: expect.stringMatching(
          /^Unexpected “✅” on the targets under “Phase 1 Complete When/,
        ),
      },
    ]);
  });

  it('gives an item that names a phase to that phase as a criterion', () => {
    expect(document.items.find((item) => item.line === 34)?.phase).toBe(2);
  });

  it('a phase with only ✅ targets is not green', () => {
    const only = parse(
      '# P\n\n## Phase 1\n\n### Success Criteria\n- ✅ Uptime 99.9%\n- ✅ p95 < 200 ms\n',
    );
    expect(only.phases[0]).toMatchObject({ number: 1, green: false, tracked: false });
    expect(only.inconsistencies).toHaveLength(1);
  });

  it.each([
    ['**Blockers if:**\n- ❌ error budget spent', 0],
    ['Abort when:\n- ❌ queue lag above 5 minutes', 0],
    ['- **Roll back if:**\n  - ❌ p99 doubles\n- [ ] Real task', 1],
    ['### Key\n- ✅ done\n- ⏳ open', 0],
    ['- ✅ Ship it\n- ⏳ = waiting on review', 1],
  ])('%j has %i item(s)', (text, count) => {
    expect(parse(`# P\n\n${text}\n`).items).toHaveLength(count);
  });

  it('ticks "All Phase 1 tasks complete" by the phase, not by its box', () => {
    const done = parse(
      '# P\n\n## Phase 1\n- [x] a\n\n## Wrap-up\n- [ ] All Phase 1 tasks complete\n',
    );
    expect(done.phases[0]).toMatchObject({ green: true, counts: { done: 1 } });
    const open = parse('# P\n\n## Phase 1\n- [ ] a\n\n## Wrap-up\n- [x] All Phase 1 items done\n');
    expect(open.phases[0]?.green).toBe(false);
    expect(open.inconsistencies[0]?.line).toBe(7);
  });
});

describe('6–7. phase headings, weeks and label bullets', () => {
  const document = fixture('phases-weeks-labels.md');

  it('reads Phase 1A/1B as phase 1 and 2A as phase 2; stages and milestones stay inside', () => {
    expect(document.phases.map((p) => [p.number, p.title, p.line])).toEqual([
      [1, 'Ingestion', 3],
      [2, 'Serving', 13],
    ]);
    expect(document.items.filter((item) => item.phase === 1).map((item) => item.line)).toEqual([
      4, 6, 8, 11, 17,
    ]);
  });

  it('does not let a "Phase 3-4" title swallow the document', () => {
    expect(document.phases.some((p) => p.number === 3)).toBe(false);
    expect(document.items.find((item) => item.line === 23)?.phase).toBeNull();
  });

  it('attaches "Week 2 Progress" to the phase spanning week 2', () => {
    expect(document.items.find((item) => item.line === 17)?.phase).toBe(1);
    expect(document.items.find((item) => item.line === 20)?.phase).toBe(2);
  });

  it('reads the marker after a bullet label; a label without a marker is a field', () => {
    expect(document.items.slice(-3).map((item) => [item.state, item.text])).toEqual([
      ['open', 'Staging: Sprint 3'],
      ['failed', 'Production: Not ready'],
      ['done', 'Development'],
    ]);
  });

  it('a title naming one phase still gives it when nothing else does', () => {
    expect(parse('# Phase 2: Hardening\n\n- [x] a\n').phases.map((p) => p.number)).toEqual([2]);
  });
});

describe('8. claims', () => {
  it.each([
    ['**Status:** 🟡 CONDITIONAL – production ready once the pen test is back', null],
    ['**Target State:** 90%', null],
    ['Target Status: ✅ PRODUCTION READY', null],
    ['Production Readiness Score: 10/10 ✅', 100],
    ['Security findings: 8 of 35 resolved', 23],
    ['Readiness: 72%', 72],
    ['Status: ✅ PRODUCTION READY', 100],
  ])('%j claims %p', (line, claimed) => {
    const claims = findDocumentClaims(`# Doc\n\n${line}\n`, new Set(), 50);
    expect(claims.map((claim) => claim.claimed)).toEqual(claimed === null ? [] : [claimed]);
  });

  it('counts a claim stated twice once', () => {
    const claims = findDocumentClaims('Readiness: 72%\n\ntext\n\nReadiness: 72%\n', new Set(), 10);
    expect(claims).toHaveLength(1);
  });
});

describe('9. limits', () => {
  it.each([
    [
      'lists',
      (n: number) =>
        Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}- [ ] level ${i}`).join('\n'),
    ],
    ['quotes', (n: number) => `${'>'.repeat(n)} - [ ] deep`],
    ['one-line lists', (n: number) => `${'- '.repeat(n)}[ ] deep`],
  ])('caps nesting of %s with an error at file:line, never a stack overflow', (_kind, make) => {
    const text = `# Deep\n\n${make(5000)}\n`;
    const { errors } = parseChecklist(text, 'DEEP.md');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ path: 'DEEP.md', line: expect.any(Number) });
    expect(errors[0]?.line).toBeGreaterThanOrEqual(3);
    expect(errors[0]?.message).toMatch(new RegExp(`expected at most ${MAX_NESTING}`));
  });

  it('reads nesting within the cap', () => {
    const text = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}- [x] level ${i}`).join(
      '\n',
    );
    expect(parse(text).items).toHaveLength(40);
  });

  it('reports a 20-digit phase number as an error, not a silent drop', () => {
    const { document, errors } = parseChecklist(
      '# P\n\n## Phase 12345678901234567890\n- [x] a\n',
      'P.md',
    );
    expect(errors).toEqual([
      {
        path: 'P.md',
        line: 3,
        message: expect.stringMatching(/^Unexpected phase number “12345678901234567890”/),
      },
    ]);
    expect(document.phases.some((p) => p.number > 1000)).toBe(false);
  });

  it('counts lines right with CR-only line endings', () => {
    const document = parse(
      '# Plan\r\r## Phase 1\r- [x] one\r- [ ] two\r\rStatus: ✅ PRODUCTION READY\r',
    );
    expect(rows(document)).toEqual([
      [4, 'done', 'one'],
      [5, 'open', 'two'],
    ]);
    expect(document.phases[0]?.line).toBe(3);
    expect(document.claims[0]?.line).toBe(7);
  });
});

describe('the fast reader on links agrees with remark', () => {
  const lines = [
    '- [x] See [the guide](docs/GUIDE_1.md) and **[bold link](https://example.com/a_b?x=1&y=2)**',
    '- ✅ [Runbook](./ops/runbook.md#restore) ready',
    '- [ ] ![badge](img.png) image',
    '- [ ] [ref] shortcut and [full][ref]',
    '- [ ] [with title](a.md "Title") and [spaced]( a.md )',
    '- [ ] [nested [x]](a.md) and [`code`](b.md)',
    '- [ ] [a](b)(c) and [a](<b>) and [](empty.md)',
    '- [ ] [https://x.io](https://x.io) and [www.x.io](x.md)',
    '| Item | Status |',
    '|------|--------|',
    '| [Guide](docs/g.md) | ✅ Done |',
    '| [x](y) and [p](q_r.md) | ⏳ |',
    '',
    '[ref]: https://example.com',
  ];

  it.each(lines.map((line, index) => [index, line]))('line %i', (_index, line) => {
    const text = `# Doc\n\n${line}\n`;
    expect(parseChecklist(text, 'd.md', {}, { fastPath: true })).toEqual(
      parseChecklist(text, 'd.md', {}, { fastPath: false }),
    );
  });

  it('agrees on the whole block', () => {
    const text = `# Doc\n\n${lines.slice(0, 8).join('\n')}\n\n${lines.slice(8).join('\n')}\n`;
    expect(parseChecklist(text, 'd.md', {}, { fastPath: true })).toEqual(
      parseChecklist(text, 'd.md', {}, { fastPath: false }),
    );
  });
});

describe('the fast reader on underscores agrees with remark', () => {
  it.each([
    '- [ ] Set DB_PASSWORD and API_KEY_2',
    '- [ ] _em_ and __strong__',
    '- [ ] snake_case_name_ end',
    '- [ ] a_ b and _c',
    '- [ ] mail ops_team@example.com',
    '| Item | Status |\n|---|---|\n| MAX_RETRIES set | ✅ |',
  ])('%j', (line) => {
    const text = `# Doc\n\n${line}\n`;
    expect(parseChecklist(text, 'd.md', {}, { fastPath: true })).toEqual(
      parseChecklist(text, 'd.md', {}, { fastPath: false }),
    );
  });
});
