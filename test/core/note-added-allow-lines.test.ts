import { findKeywordLines } from '../../src/core/rules/find-keyword-lines.js';
import { MAX_LINE } from '../../src/core/rules/find-secrets.js';
import { noteAddedAllowLines } from '../../src/core/waivers/list-suppressions.js';
import { makeChange } from '../helpers/make-change.js';

const lines = [
  '+x // readiness:allow dev-keys -- fixture',
  ' y // readiness:allow dev-keys -- context, not added',
  '+z // READINESS:ALLOW dev-keys (not the marker)',
  `+${'w'.repeat(MAX_LINE)} // readiness:allow dev-keys -- past what the scan reads`,
  '-gone // readiness:allow dev-keys',
  '+plain',
];

test.each([
  ['no scan of the change was made', false],
  ['the rules scanned the change already', true],
])('notes the added lines that carry readiness:allow when %s', (_, scanned) => {
  const change = makeChange('src/a.ts', lines);
  // Any rule's keyword scan of the change fills the shared scan this reuses.
  if (scanned) findKeywordLines(['token'])(change);
  expect(noteAddedAllowLines(change, new Map())).toEqual(new Map([['src/a.ts', new Set([1, 4])]]));
});
