import { createConsoleSink } from '../../src/local/create-console-sink.js';
import type { GateOutcome } from '../../src/core/gate/gate-snapshot.js';
import { makeLocalTarget } from '../helpers/make-local-target.js';

function outcome(verdict: 'pass' | 'fail'): GateOutcome {
  return {
    target: makeLocalTarget(),
    verdict: {
      verdict,
      gate: { phases: [1], green: verdict === 'pass', reasons: verdict === 'pass' ? [] : ['x'] },
      findings: [],
      documents: [],
      errors: [],
    },
    waivers: [],
    acknowledge: [],
    notScanned: [{ path: 'a\u001b[31m.bin', reason: 'binary', kind: 'binary' }],
    unreadable: verdict === 'pass' ? [] : ['docs/PLAN.md (a symbolic link)'],
    config: { comment: { drafts: false } },
  };
}

describe('the console sink', () => {
  it('prints the SPEC JSON with the extras and returns the verdict as the exit code', async () => {
    let written = '';
    const sink = createConsoleSink({
      format: 'json',
      write: (text) => (written += text),
      extra: { head: 'HEAD' },
    });
    expect(await sink.publish(outcome('fail'))).toBe(1);
    expect(JSON.parse(written)).toMatchObject({
      verdict: 'fail',
      head: 'HEAD',
      unreadable: ['docs/PLAN.md (a symbolic link)'],
      notScanned: [{ path: 'a\u001b[31m.bin', reason: 'binary' }],
    });
  });

  it('prints text safe for a terminal, coloured only when asked', async () => {
    for (const color of [false, true]) {
      let written = '';
      const sink = createConsoleSink({ format: 'text', write: (text) => (written += text), color });
      expect(await sink.publish(outcome('pass'))).toBe(0);
      expect(written).toContain('a\\x1b[31m.bin: binary');
      expect(written.includes('\u001b[32m')).toBe(color);
    }
  });
});
