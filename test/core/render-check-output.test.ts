import { computeVerdict } from '../../src/core/gate/compute-verdict.js';
import { parseChecklist } from '../../src/core/checklist/parse-checklist.js';
import {
  renderCheckOutput,
  SUMMARY_LIMIT,
  truncate,
} from '../../src/core/render/render-check-output.js';

describe('renderCheckOutput', () => {
  it('truncates the summary to GitHub’s limit with a note', () => {
    const long = Array.from({ length: 20_000 }, (_, i) => `line ${i} of a very long report`).join(
      '\n',
    );
    const cut = truncate(long);
    expect(cut.length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(cut).toMatch(
      /… \(truncated: the full report is longer than GitHub allows; run `readiness-gate check` locally\)$/,
    );
    expect(truncate('short')).toBe('short');
  });

  it('keeps a huge checklist report within the limit', () => {
    const plan = `## Phase 1\n${Array.from({ length: 5000 }, (_, i) => `- [ ] item ${i} ${'x'.repeat(40)}`).join('\n')}\n`;
    const verdict = computeVerdict({
      documents: [parseChecklist(plan, 'PLAN.md').document],
      findings: [],
      errors: [],
      phase: 1,
      untracked: 'open',
    });
    const output = renderCheckOutput(verdict, {
      blobUrl: null,
      notScanned: [],
      waivers: [],
      required: true,
    });
    expect(output.summary.length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(output.title).toBe('Phase 1: 0/5000 done · 0 blocking findings');
    expect(output.conclusion).toBe('failure');
    expect(output.summary).not.toContain('not a required check');
  });
});
