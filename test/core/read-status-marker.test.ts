import { readStatusMarker } from '../../src/core/checklist/read-status-marker.js';

describe('readStatusMarker', () => {
  it.each([
    ['[x] Ship it', 'done', 'Ship it'],
    ['[X] Ship it', 'done', 'Ship it'],
    ['[ ] Ship it', 'open', 'Ship it'],
    ['[-] Ship it', 'skipped', 'Ship it'],
    ['✅ Ship it', 'done', 'Ship it'],
    ['Ship it ✅', 'done', 'Ship it'],
    ['✔️ Ship it', 'done', 'Ship it'],
    ['✔ Ship it', 'done', 'Ship it'],
    ['☑️ Ship it', 'done', 'Ship it'],
    ['🟢 Ship it', 'done', 'Ship it'],
    ['⏳ Ship it', 'open', 'Ship it'],
    ['🔄 Ship it', 'open', 'Ship it'],
    ['🚧 Ship it', 'open', 'Ship it'],
    ['⬜ Ship it', 'open', 'Ship it'],
    ['🔲 Ship it', 'open', 'Ship it'],
    ['⚠️ Ship it', 'warning', 'Ship it'],
    ['⚠ Ship it', 'warning', 'Ship it'],
    ['🟡 Ship it', 'warning', 'Ship it'],
    ['❌ Ship it', 'failed', 'Ship it'],
    ['✖️ Ship it', 'failed', 'Ship it'],
    ['🔴 Ship it', 'failed', 'Ship it'],
    ['⛔ Ship it', 'failed', 'Ship it'],
    ['🚫 Ship it', 'failed', 'Ship it'],
    ['N/A Ship it', 'skipped', 'Ship it'],
    ['Ship it (N/A)', 'skipped', 'Ship it'],
    ['Phase 1: Critical Fixes ✅ COMPLETE', 'done', 'Phase 1: Critical Fixes'],
    ['Monitoring ⚠️ PARTIAL', 'warning', 'Monitoring'],
    ['**✅ Implemented**: rate limiter', 'done', 'Implemented**: rate limiter'],
  ])('%s → %s', (text, state, rest) => {
    expect(readStatusMarker(text)).toMatchObject({ state, rest });
  });

  it.each([
    'Phase 1 Complete',
    'Monitoring ⚠️ needs an owner',
    'Run the ✅ check by hand',
    'Done with the old API',
    '',
  ])('sees no marker in %j', (text) => {
    expect(readStatusMarker(text)).toBeNull();
  });

  it.each([
    ['Done', 'done'],
    ['Complete', 'done'],
    ['Yes', 'done'],
    ['Pending', 'open'],
    ['In progress', 'open'],
    ['TODO', 'open'],
    ['No', 'open'],
    ['Blocked', 'failed'],
    ['Failed', 'failed'],
    ['N/A', 'skipped'],
    ['✅ Done', 'done'],
  ])('reads the table cell %j as %s', (cell, state) => {
    expect(readStatusMarker(cell, { words: true })?.state).toBe(state);
  });

  it('does not read words as markers outside tables', () => {
    expect(readStatusMarker('Done')).toBeNull();
  });
});
