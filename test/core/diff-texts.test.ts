import { diffTexts, diffTextsBounded } from '../../src/core/diff/diff-texts.js';

const lines = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix} line ${i}`).join('\n') + '\n';

describe('diffTextsBounded', () => {
  it('keeps changed lines with three lines of context and true line numbers', () => {
    const before = lines('same', 20);
    const after = before.replace('same line 10\n', 'changed line 10\nadded\n');
    const result = diffTextsBounded(before, after);
    expect(result.reason).toBeNull();
    expect(result.lines?.map((line) => [line.kind, line.oldLine, line.newLine, line.text])).toEqual(
      [
        ['ctx', 8, 8, 'same line 7'],
        ['ctx', 9, 9, 'same line 8'],
        ['ctx', 10, 10, 'same line 9'],
        ['del', 11, null, 'same line 10'],
        ['add', null, 11, 'changed line 10'],
        ['add', null, 12, 'added'],
        ['ctx', 12, 13, 'same line 11'],
        ['ctx', 13, 14, 'same line 12'],
        ['ctx', 14, 15, 'same line 13'],
      ],
    );
  });

  it('diffs a new file and CRLF text', () => {
    expect(diffTextsBounded('', 'a\r\nb\r\n').lines).toEqual([
      { kind: 'add', text: 'a', oldLine: null, newLine: 1 },
      { kind: 'add', text: 'b', oldLine: null, newLine: 2 },
    ]);
  });

  // The unbounded Myers diff this replaces took 6 s on 5,000 rewritten lines and about
  // 100 s on 20,000: a regression hangs this test until Jest's timeout.
  it('gives up on two unrelated 20,000-line files instead of an unbounded quadratic diff', () => {
    const result = diffTextsBounded(lines('old', 20_000), lines('new', 20_000));
    expect(result).toEqual({ lines: null, reason: 'more than 2,000 edits: not diffed' });
  });

  it('reports NUL bytes and oversized blobs as not diffed', () => {
    expect(diffTextsBounded('a', 'a\u0000b').reason).toBe(
      'binary content (a NUL byte): not diffed',
    );
    expect(diffTextsBounded('', 'x'.repeat(1_000_001)).reason).toBe(
      'larger than 1,000,000 characters: not diffed',
    );
  });

  it('diffTexts falls back to the whole file as changed (more findings, never fewer)', () => {
    const after = lines('new', 3_000);
    const result = diffTexts(lines('old', 3_000), after);
    expect(result.filter((line) => line.kind === 'add')).toHaveLength(3_000);
    expect(result.filter((line) => line.kind === 'del')).toHaveLength(3_000);
  });
});
