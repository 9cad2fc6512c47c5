import {
  findBlockStarts,
  MAX_BLOCK_LINES,
  splitMarkdownBlocks,
} from '../../src/core/checklist/split-markdown-blocks.js';
import { parseSimpleSection } from '../../src/core/checklist/parse-simple-section.js';

const document = [
  '# Plan', // 0
  '',
  '## Phase 1', // 2
  '- [ ] a',
  '',
  '- [ ] b continues the list',
  'Prose after a list item is a lazy line',
  '',
  'New paragraph', // 8
  '```',
  '# not a heading inside a fence',
  '',
  'still code',
  '```',
  '<!--',
  '# not a heading inside a comment',
  '-->',
  '### After', // 17
];

describe('findBlockStarts', () => {
  it('cuts before headings and column-0 text after a blank line, never inside fences or HTML', () => {
    expect(findBlockStarts(document)).toEqual([0, 2, 8, 17]);
    expect(findBlockStarts([])).toEqual([]);
  });

  it('cuts a long list only before a top-level item', () => {
    const list = Array.from({ length: MAX_BLOCK_LINES + 3 }, (_, n) =>
      n === MAX_BLOCK_LINES ? '  - [x] nested' : `- [ ] item ${n}`,
    );
    // Line MAX_BLOCK_LINES is nested: the cut waits for the next top-level item.
    expect(findBlockStarts(list)).toEqual([0, MAX_BLOCK_LINES + 1]);
  });

  it('gives the blocks splitMarkdownBlocks copies out', () => {
    const blocks = splitMarkdownBlocks(document);
    expect(blocks.map((block) => block.startLine)).toEqual([1, 3, 9, 18]);
    expect(blocks.flatMap((block) => block.lines)).toEqual(document);
  });
});

describe('parseSimpleSection on a range', () => {
  it('reads lines[from..to) as it reads that slice alone, with the same line numbers', () => {
    const lines = ['# T', '', '## Phase 1', '- [x] done `a`', '  - [ ] nested **b**', '', 'x'];
    expect(parseSimpleSection(lines, 3, 2, 6)).toEqual(parseSimpleSection(lines.slice(2, 6), 3));
    expect(parseSimpleSection(lines, 3, 2, 6)).not.toBeNull();
    const table = ['# T', '| Task | Status |', '|---|---|', '| a | Done |', ''];
    expect(parseSimpleSection(table, 2, 1, 5)).toEqual(parseSimpleSection(table.slice(1), 2));
    expect(parseSimpleSection(table, 2, 1, 5)?.[0]?.type).toBe('readTable');
  });
});
