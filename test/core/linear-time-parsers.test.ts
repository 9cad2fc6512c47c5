import { jest } from '@jest/globals';
import {
  MAX_LINE_CONTAINERS,
  MAX_LINE_LENGTH,
  MAX_NESTING,
  MAX_PARAGRAPH_LENGTH,
  parseChecklist,
} from '../../src/core/checklist/parse-checklist.js';
import { parseSimpleSection } from '../../src/core/checklist/parse-simple-section.js';
import type { ReadTable } from '../../src/core/checklist/section-blocks.js';
import { parseUnifiedDiff } from '../../src/core/diff/parse-unified-diff.js';

// Issue 10, item 11: the parsers run in linear time on hostile text. A backtracking matcher on
// these inputs runs past this timeout, which is the failure; the work is done in slices with a
// turn of the event loop between, since Jest cannot interrupt a synchronous test.
jest.setTimeout(5000);

async function sliced<T>(inputs: T[], run: (input: T) => void): Promise<void> {
  for (const input of inputs) {
    await new Promise((resolve) => setImmediate(resolve));
    run(input);
  }
}

const LONG = 80_000;
const copies = <T>(value: T, count = 8): T[] => Array<T>(count).fill(value);

describe('parseSimpleSection on long lines', () => {
  it('reads a heading padded with 80k spaces as remark does', async () => {
    await sliced(copies(`# Ship${' '.repeat(LONG)}it`), (line) => {
      const [node] = parseSimpleSection([line], 1) ?? [];
      expect(node).toEqual({
        type: 'readHeading',
        depth: 1,
        text: `Ship${' '.repeat(LONG)}it`,
        line: 1,
      });
    });
  });

  it('drops a closing sequence after 80k spaces', async () => {
    await sliced(copies(`## Ship${' '.repeat(LONG)}##${' '.repeat(LONG)}`), (line) => {
      const [node] = parseSimpleSection([line], 1) ?? [];
      expect(node).toEqual({ type: 'readHeading', depth: 2, text: 'Ship', line: 1 });
    });
  });

  it('refuses a delimiter row with 80k trailing spaces then text, and reads one without', async () => {
    const cells = '---|'.repeat(200);
    await sliced(copies(`|${cells}${' '.repeat(LONG)}x`), (row) => {
      expect(parseSimpleSection([`|${'a|'.repeat(200)}`, row], 1)).toBeNull();
    });
    const table = parseSimpleSection([`|${'a|'.repeat(200)}`, `|${cells}${' '.repeat(LONG)}`], 1);
    expect((table?.[0] as ReadTable).header).toHaveLength(200);
  });
});

describe('parseUnifiedDiff on hostile headers', () => {
  it.each<[string, string]>([
    ['quotes', '"'.repeat(LONG)],
    ['quoted words', '"a '.repeat(LONG / 3)],
    ['escaped quotes', `"a/${'\\"'.repeat(LONG / 2)}`],
  ])('reads a header of %s as one file, keeping the text', async (_name, header) => {
    await sliced(copies(header), (text) => {
      const files = parseUnifiedDiff(`diff --git ${text}\nindex 1..2 100644\n`);
      expect(files).toHaveLength(1);
      expect(files[0]?.path).toBe(text);
    });
  });

  it.each<[string, string]>([
    ['"a/sp ace.ts" "b/sp ace.ts"', 'sp ace.ts'],
    ['"a/say \\"hi\\".ts" "b/say \\"hi\\".ts"', 'say "hi".ts'],
    ['a/my file.ts b/my file.ts', 'my file.ts'],
    ['a/x.ts b/y.ts', 'y.ts'],
  ])('still reads the path of %s', (header, path) => {
    expect(parseUnifiedDiff(`diff --git ${header}\nnew file mode 100644\n`)[0]?.path).toBe(path);
  });

  it('keeps an 80k-character added line whole, without its CR', () => {
    const line = `x${' '.repeat(LONG)}y`;
    const [file] = parseUnifiedDiff(
      `diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,0 +1,1 @@\n+${line}\r\n`,
    );
    expect(file?.lines).toEqual([{ kind: 'add', text: line, oldLine: null, newLine: 1 }]);
  });
});

describe('parseChecklist on hostile documents', () => {
  const around = (hostile: string) =>
    `# Plan\n\n- [x] Backups restore\n\n${hostile}\n\n- [ ] Alerts page\n`;
  const items = (text: string) =>
    parseChecklist(text, 'PLAN.md').document.items.map((item) => [item.text, item.state]);
  const errors = (text: string) =>
    parseChecklist(text, 'PLAN.md').errors.map((error) => [error.line, error.message]);
  const READ = [
    ['Backups restore', 'done'],
    ['Alerts page', 'open'],
  ];

  it.each<[string, string, RegExp]>([
    ['a 60k line of >', '>'.repeat(60_000), /line of 60000 characters/],
    ['10k nested list levels on one line', `${'- '.repeat(10_000)}[ ] deep`, /line of 20008/],
    ['a 60k line of [a](', '[a]('.repeat(15_000), /line of 60000/],
    ['an ordered item opening 9k quotes', `1. ${'>'.repeat(9_000)}`, /nesting 9001 levels/],
    ['ordered markers 3k deep', '1. '.repeat(3_000), /nesting \d+ levels deep/],
    [
      'more containers on one line than a document needs',
      '1. >'.repeat(MAX_LINE_CONTAINERS),
      new RegExp(`${MAX_LINE_CONTAINERS * 2} quotes and list markers`),
    ],
  ])('%s: an error at its line, the items around it read', async (_name, hostile, message) => {
    await sliced(copies(around(hostile), 4), (text) => {
      expect(items(text)).toEqual(READ);
      expect(errors(text)).toEqual([[5, expect.stringMatching(message)]]);
    });
  });

  it('cuts a 200k-character paragraph of link openers at its limit, with an error', async () => {
    const paragraph =
      '[a]('
        .repeat(50_000)
        .match(/.{1,100}/g)
        ?.join('\n') ?? '';
    await sliced([around(paragraph)], (text) => {
      expect(items(text)).toEqual(READ);
      const first = 5 + Math.floor(MAX_PARAGRAPH_LENGTH / 101);
      expect(errors(text)).toEqual([[first, expect.stringMatching(/paragraph of more than/)]]);
    });
  });

  it('reads 100 lines of quotes and lists nested on each line, within the caps', async () => {
    const lines = Array.from({ length: 100 }, () => `${'1. >'.repeat(4)} x`).join('\n');
    await sliced([around(lines)], (text) => {
      expect(items(text)).toEqual(READ);
      expect(errors(text)).toEqual([]);
    });
  });

  it('keeps the limits above what real documents use', () => {
    expect(MAX_LINE_LENGTH).toBeGreaterThanOrEqual(4_000);
    expect(MAX_NESTING).toBeGreaterThanOrEqual(40);
  });
});
