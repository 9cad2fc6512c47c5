import { readdirSync, readFileSync } from 'node:fs';
import { parseChecklist } from '../../src/core/checklist/parse-checklist.js';
import { parseSimpleSection } from '../../src/core/checklist/parse-simple-section.js';
import { fixtures, haveSamples, samplesDir } from '../helpers/paths.js';

/**
 * The fast reader must never change a result: every document parses the same with it and with
 * remark alone.
 */
function expectSameModel(text: string) {
  const fast = parseChecklist(text, 'doc.md', {}, { fastPath: true });
  const remark = parseChecklist(text, 'doc.md', {}, { fastPath: false });
  expect(fast).toEqual(remark);
}

const documents = [
  ...readdirSync(`${fixtures}/checklists`).map((name) =>
    readFileSync(`${fixtures}/checklists/${name}`, 'utf8'),
  ),
  ...(haveSamples
    ? readdirSync(samplesDir).map((name) => readFileSync(`${samplesDir}${name}`, 'utf8'))
    : []),
];

describe('parseSimpleSection', () => {
  it.each(documents.map((text, index) => [index, text]))(
    'agrees with remark on document %i',
    (_index, text) => {
      expectSameModel(text as string);
    },
  );

  it.each([
    ['- [x] **Bold** then `code` and **more**', true],
    ['- ✅ **0 real type errors** (only expected warnings)', true],
    ['1. **Monitoring** ⚠️ **CRITICAL**\n   - Must configure', true],
    ['- [ ] a\n\n- [ ] b\n  - [x] c', true],
    ['Intro\n- [x] interrupts the paragraph', true],
    ['Intro\n2. does not interrupt', false],
    ['- [ ] item\n  continuation', false],
    ['- [ ] item\nlazy line', false],
    ['- [ ] see [docs](https://x.y)', true],
    ['- [ ] snake_case', true],
    ['- [ ] _emphasis_', false],
    ['- [ ] *single*', false],
    ['- [ ] ~~struck~~', false],
    ['| Task | Status |\n|---|:---:|\n| a | ✅ Done |\n| b |  |\n| c |', true],
    ['| Task | Status |\n|---|---|\n| | | extra |', false],
    ['| # | Item | Status |\n|--|--|--|\n| 1 | **Key** `k` | Pending |', true],
    ['| a | Status |\n|---|---|\n| ~~x~~ | Done |', false],
    ['| a | Status |\n|---|---|\n| x \\| y | Done |', false],
    ['| a | Status |\n|---|\n| x | Done |', false],
    ['| a | Status |\n|---|---|\nloose row | Done', false],
    ['Title\n---', false],
    ['```\n- [ ] code\n```', false],
    ['> - [ ] quoted', false],
    ['- [ ] a\n - [ ] odd indent', false],
    ['- [ ] a\n* [ ] other bullet', false],
    ['- [ ] `` double ``', false],
    ['- [ ] 5 &lt; 6', false],
    // Delimiters at either end of the item, read without looking past it.
    ['- [ ] ends in `code`', true],
    ['- **Bold** first', true],
    ['- last **bold**', true],
    ['- [ ] _leading', false],
    ['- [ ] trailing_', false],
    ['- [ ] `a` and [docs](https://x.y) and **b**', true],
    ['- [ ] ` spaced `', false],
    ['- --- not a rule', true],
    ['- - -', true],
    ['| Task | Status |\n|---|---|\n| short |', true],
    ['| Task | Status |\n|---|---|---|\n| a | Done |', false],
  ])('reads %j by itself: %s', (text, simple) => {
    expect(parseSimpleSection(text.split('\n'), 1) !== null).toBe(simple);
    expectSameModel(`# Plan\n\n## Phase 1\n\n${text}\n`);
  });

  it('agrees with remark on generated documents', () => {
    const lines = [
      '## Phase 1: Setup ✅',
      '### Part **two**',
      '- [x] done `a`',
      '- [ ] open **b**',
      '  - [x] nested',
      '    - ✅ deeper',
      '- ⚠️ warn',
      '- plain item',
      '1. [ ] ordered',
      '2. ❌ failed',
      'Prose line with **bold**.',
      '',
      '---',
      '* [x] star bullet',
      '   - [ ] three spaces',
      '- **Status**: ✅ PRODUCTION READY',
      '',
      '  continuation',
      '    code?',
      '> quote',
      '| a | Status |',
      '|---|---|',
      '===',
      '-  [ ] two spaces',
      '10. [x] ten',
      '* * *',
      '- a**b**c',
      '- **`c`**',
      '    - [ ] four',
      '<!-- c -->',
      '```',
    ];
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 400; round++) {
      const text = Array.from(
        { length: 25 },
        () => lines[Math.floor(random() * lines.length)],
      ).join('\n');
      expectSameModel(text);
    }
  });
});
