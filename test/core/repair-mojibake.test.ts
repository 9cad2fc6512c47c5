import iconv from 'iconv-lite';
import { repairMojibake } from '../../src/core/checklist/repair-mojibake.js';

/** Produces the mojibake a tool makes by reading UTF-8 bytes in a single-byte encoding. */
function misdecode(text: string, encoding: 'windows-1252' | 'macintosh'): string {
  return iconv
    .decode(Buffer.from(text, 'utf8'), encoding)
    .replace(/\uFFFD/g, encoding === 'macintosh' ? '\uF8FF' : '');
}

describe('repairMojibake', () => {
  it.each(['✅', '⚠️', '⏳', '🔄', '🚀', '❌', '—', '“quoted”', 'café', '🟢', '✔️'])(
    'repairs %s read as Windows-1252 and as Mac Roman',
    (original) => {
      const line = `- ${original} Deploy the service`;
      expect(repairMojibake(misdecode(line, 'windows-1252')).text).toBe(line);
      expect(repairMojibake(misdecode(line, 'macintosh')).text).toBe(line);
    },
  );

  it.each([
    ['âœ…', '✅'],
    ['â³', '⏳'],
    ['ðŸ”„', '🔄'],
    ['‚úÖ', '✅'],
    ['\uF8FFüöÄ', '🚀'],
  ])('repairs the literal %s', (broken, fixed) => {
    expect(repairMojibake(`x ${broken} y`).text).toBe(`x ${fixed} y`);
  });

  it('repairs a run glued to real non-ASCII text, after many runs that need nothing', () => {
    // The pre-filter looks at every run of non-ASCII characters; only this last one is broken.
    const clean = '- ✅ done ⚠️ warn — “q” café\n'.repeat(200);
    const { text, repairs } = repairMojibake(`${clean}- ✅âœ… twice`);
    expect(text).toBe(`${clean}- ✅✅ twice`);
    expect(repairs).toEqual([{ line: 201, from: 'âœ…', to: '✅', encoding: 'windows-1252' }]);
  });

  it('leaves real accented text alone', () => {
    const text = 'Café, naïve, Ärger, São Paulo, 50 €, “quotes” — and ✅ emoji.';
    expect(repairMojibake(text)).toEqual({ text, repairs: [] });
  });

  it('reports each repair with its 1-based line and encoding', () => {
    const { repairs } = repairMojibake('# Plan\n\n- âœ… done\r\n- ‚úÖ also');
    expect(repairs).toEqual([
      { line: 3, from: 'âœ…', to: '✅', encoding: 'windows-1252' },
      { line: 4, from: '‚úÖ', to: '✅', encoding: 'mac-roman' },
    ]);
  });

  it('keeps the number of lines', () => {
    const broken = misdecode('a ✅\nb ⚠️\r\nc 🔄\n', 'windows-1252');
    expect(repairMojibake(broken).text.split('\n')).toHaveLength(4);
  });
});
