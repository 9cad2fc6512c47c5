import { readFileSync } from 'node:fs';
import type { ChecklistDocument } from '../../src/core/checklist/checklist-types.js';
import { parseChecklist } from '../../src/core/checklist/parse-checklist.js';
import { fixtures, haveSamples, samplesDir } from '../helpers/paths.js';

function parse(text: string, path = 'PLAN.md'): ChecklistDocument {
  const { document, errors } = parseChecklist(text, path);
  expect(errors).toEqual([]);
  return document;
}

function fixture(name: string): ChecklistDocument {
  return parse(readFileSync(`${fixtures}/checklists/${name}`, 'utf8'), name);
}

function phase(document: ChecklistDocument, number: number) {
  return document.phases.find((p) => p.number === number);
}

/** The repairs list the mis-decoded originals on purpose; everything else must be clean. */
function withoutRepairs({ repairs: _repairs, ...rest }: ChecklistDocument) {
  return rest;
}

const MOJIBAKE = /âœ|â€|â³|ðŸ|‚úÖ|‚ö|üö|ï¸|Ô∏/;

describe('parseChecklist on the checkbox-phases style', () => {
  const document = fixture('checkbox-phases.md');

  it('finds the phases with their titles, heading lines and claims', () => {
    expect(
      document.phases.map(({ number, title, line, claim }) => ({ number, title, line, claim })),
    ).toEqual([
      { number: 1, title: 'Blockers', line: 6, claim: 'done' },
      { number: 2, title: 'Stability', line: 17, claim: null },
      { number: 3, title: 'Scale', line: 29, claim: null },
    ]);
  });

  it('judges green, not green and not tracked', () => {
    expect(phase(document, 1)).toMatchObject({ green: true, tracked: true, counts: { done: 5 } });
    expect(phase(document, 2)).toMatchObject({
      green: false,
      counts: { done: 1, open: 3, skipped: 2 },
    });
    expect(phase(document, 3)).toMatchObject({ green: false, tracked: false });
  });

  it('gives each item its text, line, phase and section', () => {
    expect(document.items[0]).toEqual({
      text: 'Move the Stripe key out of `config/dev.ts`',
      state: 'done',
      line: 9,
      phase: 1,
      section: ['Phase 1: Blockers', '1. Secrets'],
      source: 'checkbox',
      marker: '[x]',
      parent: null,
    });
  });

  it('reads strike-through and [-] as skipped', () => {
    const skipped = document.items.filter((item) => item.phase === 2 && item.state === 'skipped');
    expect(skipped.map((item) => [item.line, item.text])).toEqual([
      [26, 'Ship logs to Papertrail'],
      [27, 'Log sampling'],
    ]);
  });

  it('puts items outside the phases in no phase, and out-of-scope items as skipped', () => {
    expect(document.items.find((item) => item.line === 34)).toMatchObject({
      phase: null,
      state: 'open',
    });
    expect(
      document.items
        .filter((item) => item.section[0] === 'Future Enhancements')
        .map((item) => item.state),
    ).toEqual(['skipped', 'skipped']);
  });

  it('ignores prose lists', () => {
    expect(document.items.some((item) => item.section[0] === 'Notes')).toBe(false);
  });
});

describe('parseChecklist on the task-heading style with Mac Roman mojibake', () => {
  const document = fixture('task-headings-macroman.md');

  it('repairs the markers and leaves no mis-decoded text', () => {
    expect(document.repairs.length).toBeGreaterThan(0);
    expect(document.repairs.every((repair) => repair.encoding === 'mac-roman')).toBe(true);
    expect(JSON.stringify(withoutRepairs(document))).not.toMatch(MOJIBAKE);
  });

  it('counts ✅ deliverables, not the numbered steps', () => {
    expect(phase(document, 1)?.counts).toMatchObject({ done: 3, open: 1 });
    expect(document.items.find((item) => item.state === 'open')).toMatchObject({
      text: 'Rollback for `007_search_terms.sql`',
      line: 27,
      marker: '🔄',
    });
    expect(phase(document, 2)?.counts).toMatchObject({ done: 1, failed: 1 });
  });

  it('reports the claimed score beside the measured one', () => {
    expect(document.claims).toEqual([
      { text: 'Production-Readiness Score: 90%', line: 41, claimed: 90, measured: 67 },
    ]);
  });
});

describe('parseChecklist on a Windows-1252 summary with status tables', () => {
  const document = fixture('win1252-summary-tables.md');

  it('reads table rows by their Status or State column, words and emoji alike', () => {
    expect(document.items.map((item) => [item.line, item.state, item.text])).toEqual([
      [9, 'done', 'Remove hard-coded Stripe key'],
      [10, 'open', 'Rollback for `0042_orders.sql`'],
      [11, 'open', 'Re-enable the fraud service'],
      [12, 'done', 'Empty catch in `charge.ts`'],
      [13, 'skipped', 'Legacy SOAP adapter'],
      [19, 'failed', 'Rate limiting'],
      [20, 'done', 'Load test'],
      [21, 'warning', 'Chaos test'],
      [22, 'untracked', 'Pen test'],
    ]);
  });

  it('repairs the lossy case where a byte was dropped (â³ → ⏳)', () => {
    expect(document.items[1]?.marker).toBe('⏳');
    expect(document.repairs.some((repair) => repair.to.includes('⏳'))).toBe(true);
    expect(document.title).toBe('Payments API — Production Readiness Summary');
    expect(JSON.stringify(withoutRepairs(document))).not.toMatch(MOJIBAKE);
  });

  it('ignores tables without a status column', () => {
    expect(document.items.some((item) => item.text === 'Vendor outage')).toBe(false);
  });

  it('reads "Current State: 60% Production Ready" as a claim', () => {
    expect(document.claims).toEqual([
      { text: 'Current State: 60% Production Ready', line: 3, claimed: 60, measured: 38 },
    ]);
  });
});

describe('parseChecklist on phases without boxes and per-phase success criteria', () => {
  const document = fixture('success-criteria.md');

  it('feeds the criteria boxes to the phase they name', () => {
    expect(phase(document, 1)).toMatchObject({
      title: 'Foundations',
      line: 3,
      green: false,
      counts: { done: 2, open: 1 },
    });
    expect(phase(document, 2)).toMatchObject({ title: 'Cut-over', counts: { open: 1 } });
    expect(document.items[0]?.section).toEqual(['Success Criteria', 'Phase 1 Complete']);
  });

  it('does not read "Phase 1 Complete" in a heading as a done marker', () => {
    expect(phase(document, 1)?.claim).toBeNull();
    expect(document.inconsistencies).toEqual([]);
  });
});

describe('parseChecklist on ✅ bullets with nested boxes and no phases', () => {
  const document = fixture('bullets-nested.md');

  it('is one implicit phase 1', () => {
    expect(document.implicitPhase).toBe(true);
    expect(document.phases).toHaveLength(1);
    expect(phase(document, 1)).toMatchObject({
      green: false,
      counts: { done: 5, open: 3, warning: 1, untracked: 1 },
    });
  });

  it('keeps nesting with the parent line', () => {
    const byLine = new Map(document.items.map((item) => [item.line, item]));
    expect(byLine.get(16)).toMatchObject({ parent: 15, state: 'done' });
    expect(byLine.get(18)).toMatchObject({ parent: 17, text: 'Sentry project created' });
    expect(byLine.get(21)).toMatchObject({ parent: 19, state: 'untracked', source: 'untracked' });
  });

  it('never takes items from code blocks, HTML comments or quotes', () => {
    expect(document.items.some((item) => /this box/.test(item.text))).toBe(false);
  });

  it('reports a ✅ heading over items that are not done', () => {
    expect(document.inconsistencies).toEqual([
      {
        line: 6,
        message:
          'Unexpected “✅” on “Security”: 1 of 3 items are not done (line 11), expected every item done or skipped',
      },
    ]);
  });

  it('compares the readiness claim with the measured score', () => {
    expect(document.claims).toEqual([
      { text: 'Status: ✅ PRODUCTION READY', line: 4, claimed: 100, measured: 50 },
    ]);
  });
});

describe('parseChecklist edge cases', () => {
  it('lists the first five open lines under a claim, the same for every heading of a phase', () => {
    const document = parse(
      [
        '# Plan',
        '',
        '## Phase 1: One ✅ COMPLETE',
        '',
        ...['a', 'b', 'c', 'd', 'e', 'f'].map((name) => `- [ ] ${name}`),
        '- [x] g',
        '',
        '## Phase 1: Again ✅ COMPLETE',
        '',
        '- [x] h',
        '',
        '### Extras ✅',
        '- [ ] i',
      ].join('\n'),
    );
    const open =
      '7 of 9 items are not done (lines 5, 6, 7, 8, 9, …), expected every item done or skipped';
    expect(document.inconsistencies).toEqual([
      { line: 3, message: `Unexpected “✅ COMPLETE” on “Phase 1: One”: ${open}` },
      { line: 13, message: `Unexpected “✅ COMPLETE” on “Phase 1: Again”: ${open}` },
      {
        line: 17,
        message:
          'Unexpected “✅” on “Extras”: 1 of 1 items are not done (line 18), expected every item done or skipped',
      },
    ]);
  });

  it('keeps original line numbers with CRLF and a BOM', () => {
    const document = parse('\uFEFF# Plan\r\n\r\n## Phase 1\r\n\r\n- [x] one\r\n- [ ] two\r\n');
    expect(document.items.map((item) => [item.line, item.state])).toEqual([
      [5, 'done'],
      [6, 'open'],
    ]);
    expect(phase(document, 1)?.line).toBe(3);
  });

  it('gives an empty model for an empty file', () => {
    const document = parse('');
    expect(document).toMatchObject({ title: null, items: [], claims: [], inconsistencies: [] });
    expect(phase(document, 1)).toMatchObject({ green: false, tracked: false });
  });

  it('reports a done phase claim over a phase with nothing to check', () => {
    const document = parse('# P\n\n## Phase 1 ✅ DONE\n\nAll good.\n');
    expect(document.inconsistencies).toEqual([
      {
        line: 3,
        message:
          'Unexpected “✅ DONE” on “Phase 1”: the phase has no items to check, expected checkboxes or status markers',
      },
    ]);
  });

  it('accepts a custom phase pattern and reports an invalid one', () => {
    const text = '# P\n\n## Stage 2\n- [x] a\n';
    expect(
      parseChecklist(text, 'P.md', { phasePattern: 'stage\\s+(\\d+)' }).document.phases[0]?.number,
    ).toBe(2);
    const { errors } = parseChecklist(text, 'P.md', { phasePattern: '(?<=x)phase (\\d+)' });
    expect(errors[0]?.message).toMatch(/^Invalid phase pattern: Unexpected regular expression/);
  });

  it('reads deeply nested lists; a nested list with no marker is prose', () => {
    const text = ['- [ ] a', '  - [ ] b', '    - [ ] c', '      - [x] d', '        - plain'].join(
      '\n',
    );
    const document = parse(text);
    expect(document.items.map((item) => [item.text, item.parent])).toEqual([
      ['a', null],
      ['b', 1],
      ['c', 2],
      ['d', 3],
    ]);
  });

  it('never throws, whatever the input', () => {
    const pieces = [
      '- [ ]',
      '|',
      '##',
      '✅',
      '\n',
      '```',
      '<!--',
      '>',
      '  ',
      '1.',
      '**',
      '~~',
      'â',
      '\r',
      '\t',
      'x',
      '[',
      ']',
      '`',
    ];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 300; round++) {
      const text = Array.from(
        { length: 60 },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join('');
      expect(() => parseChecklist(text, 'fuzz.md')).not.toThrow();
    }
    expect(parseChecklist(undefined as unknown as string, 'x.md').errors).toHaveLength(1);
  });
});

(haveSamples ? describe : describe.skip)('parseChecklist on the shared samples', () => {
  const sample = (name: string) => parse(readFileSync(`${samplesDir}${name}`, 'utf8'), name);

  it('action plan: phases 1–3, Phase 1 green with 37 done, 24 and 29 open after it', () => {
    const document = sample('action-plan.md');
    expect(document.phases.map((p) => [p.number, p.green, p.counts.done, p.counts.open])).toEqual([
      [1, true, 37, 0],
      [2, false, 0, 24],
      [3, false, 0, 29],
    ]);
    expect(document.items.find((item) => item.line === 10)).toMatchObject({
      text: 'Open `src/cli.ts`',
      section: ['Phase 1: Critical Fixes', '1. Fix Dangerous Error Handlers'],
    });
  });

  it('implementation plan: phases 1–6, Phase 1 green with 9 done, no mis-decoded text left', () => {
    const document = sample('implementation-plan.md');
    expect(document.phases.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(phase(document, 1)).toMatchObject({ green: true, counts: { done: 9, open: 0 } });
    expect(document.repairs.length).toBeGreaterThan(50);
    expect(JSON.stringify(withoutRepairs(document))).not.toMatch(MOJIBAKE);
  });

  it('checklist: one implicit phase that is not green', () => {
    const document = sample('readiness-checklist.md');
    expect(document.implicitPhase).toBe(true);
    expect(document.phases).toHaveLength(1);
    expect(phase(document, 1)?.green).toBe(false);
    expect(document.claims[0]).toMatchObject({ line: 4, claimed: 100 });
  });
});

describe('parseChecklist on lists and tables only remark reads', () => {
  it('reads a struck cell, a struck item and a table inside an item', () => {
    const document = parse(
      [
        '# Plan',
        '',
        '## Phase 1',
        '',
        '| Task | Status |',
        '|---|---|',
        '| ~~Old check~~ | ⏳ Pending |',
        '| Load test | ✅ Done |',
        '',
        '- [ ] Parent',
        '  - ~~Dropped idea~~',
        '',
        '  | Item | Status |',
        '  |---|---|',
        '  | Nested row | ❌ Failed |',
        '',
      ].join('\n'),
    );
    expect(
      document.items.map(({ text, state, line, source, marker, parent }) => ({
        text,
        state,
        line,
        source,
        marker,
        parent,
      })),
    ).toEqual([
      { text: 'Old check', state: 'skipped', line: 7, source: 'table', marker: '~~', parent: null },
      { text: 'Load test', state: 'done', line: 8, source: 'table', marker: '✅', parent: null },
      { text: 'Parent', state: 'open', line: 10, source: 'checkbox', marker: '[ ]', parent: null },
      {
        text: 'Dropped idea',
        state: 'skipped',
        line: 11,
        source: 'marker',
        marker: '~~',
        parent: 10,
      },
      { text: 'Nested row', state: 'failed', line: 15, source: 'table', marker: '❌', parent: 10 },
    ]);
  });
});
