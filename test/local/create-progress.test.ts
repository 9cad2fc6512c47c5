import { createProgress } from '../../src/local/create-progress.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe('the progress line', () => {
  it('is written on a terminal once the run is slow, then cleared', () => {
    const terminal = stream(true);
    const progress = createProgress(terminal, 0);
    progress.report('reading the diff');
    progress.done();
    expect(terminal.written).toEqual([
      '\r\u001b[2Kreadiness-gate: reading the diff…',
      '\r\u001b[2K',
    ]);
  });

  it('is never written when standard error is not a terminal', () => {
    const pipe = stream(false);
    const progress = createProgress(pipe, 0);
    progress.report('reading the diff');
    progress.done();
    expect(pipe.written).toEqual([]);
  });

  it('stays quiet on a terminal for a quick run', () => {
    const terminal = stream(true);
    const progress = createProgress(terminal, 60_000);
    progress.report('reading the diff');
    progress.done();
    expect(terminal.written).toEqual([]);
  });
});
