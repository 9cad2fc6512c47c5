import { createPatchParser, type PatchSection } from '../../src/local/create-patch-parser.js';

function parse(patch: string, limit?: number): PatchSection[] {
  const sections: PatchSection[] = [];
  const parser = createPatchParser((section) => sections.push(section), limit);
  const bytes = Buffer.from(patch);
  let start = 0;
  for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, start)) {
    parser.push(bytes, start, end);
    start = end + 1;
  }
  parser.end();
  return sections;
}

const BIG = [
  'diff --git a/dump.sql b/dump.sql',
  'new file mode 100644',
  '--- /dev/null',
  '+++ b/dump.sql',
  '@@ -0,0 +1,3 @@',
  `+${'x'.repeat(40)}`,
  `+${'y'.repeat(40)}`,
  '+-- a line that looks like a header: diff --git a/x b/x',
  'diff --git a/src/a.ts b/src/a.ts',
  '--- a/src/a.ts',
  '+++ b/src/a.ts',
  '@@ -1,2 +1,2 @@',
  ' keep',
  '-old\r',
  '+new\r',
  '\\ No newline at end of file',
  '',
].join('\n');

describe('createPatchParser', () => {
  it('reads lines from offsets in a shared buffer, without their CR', () => {
    const [, second] = parse(BIG);
    expect(second?.lines).toEqual([
      { kind: 'ctx', text: 'keep', oldLine: 1, newLine: 1 },
      { kind: 'del', text: 'old', oldLine: 2, newLine: null },
      { kind: 'add', text: 'new', oldLine: null, newLine: 2 },
    ]);
  });

  it('keeps no line of a section over the limit, marks it, and reads the next one whole', () => {
    const [big, next] = parse(BIG, 64);
    expect(big).toMatchObject({ header: 'diff --git a/dump.sql b/dump.sql', tooLarge: true });
    expect(big?.lines).toEqual([]);
    // The dropped lines were still counted: the next section starts where git says.
    expect(next?.header).toBe('diff --git a/src/a.ts b/src/a.ts');
    expect(next?.tooLarge).toBeUndefined();
    expect(next?.lines.map((line) => line.text)).toEqual(['keep', 'old', 'new']);
  });
});
