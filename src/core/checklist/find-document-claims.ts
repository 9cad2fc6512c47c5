import type { DocumentClaim } from './checklist-types.js';

// "Status: ✅ PRODUCTION READY", "Production-Readiness Score: 95%", "Current State: 35% ...".
const LABELLED =
  /^(?<label>[\p{L}\s-]{0,40}?\b(?:status|state|score|readiness|assessment|verdict)\b[\p{L}\s-]{0,20}?)\s*:\s*(?<value>.+)$/iu;
const PERCENT = /(\d{1,3}(?:\.\d+)?)\s*%/;
const READY =
  /\b(?:production[ -]ready|ready for (?:production|deployment|release)|ready to (?:ship|deploy)|deployment[ -]ready)\b/i;
const HEDGED =
  /\b(?:not|no|isn'?t|pending|almost|nearly|partially|once|when|after|until|conditional|conditionally|partial)\b/i;
// "Target State: 90%", "Target Status", "Goal": what the document aims for, not what it claims.
const TARGET_LABEL = /\b(?:target|goal|expected|projected|planned|desired|aim|required|needed)\b/i;
// A status that opens with a not-done marker ("Status: 🟡 CONDITIONAL …") is not a 100 % claim.
const NOT_DONE_MARKER = /^(?:🟡|🟠|⚠️?|❌|🔴|⛔|🚫|⏳|🔄|🚧|✖️?)/u;
// "10/10 ✅", "8 of 35 resolved": a fraction claims its percentage.
const FRACTION = /\b(\d{1,5})\s*(?:\/|\bout of\b|\bof\b)\s*(\d{1,5})\b/i;
const COUNTED =
  /\b(\d{1,5})\s+(?:out\s+)?of\s+(\d{1,5})\s+(?:[\p{L}-]+\s+){0,2}?(?:(?:are|is|have been|were)\s+)?(?:resolved|done|complete[d]?|fixed|closed|passed|implemented|finished|met)\b/iu;

// Cheap pre-filter: every claim names one of these or counts "n of m".
const MAYBE_CLAIM = /status|state|score|readiness|assessment|verdict|\d\s+(?:out\s+)?of\s+\d/i;

// Used per line: one RegExp object each rather than one per use.
const COUNTS_OF = /\d\s+(?:out\s+)?of\s+\d/;
const LINE_MARKUP = /^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)*/;
const EMPHASIS = /[*_`]/g;
const SPACES = /\s+/g;

function plain(line: string): string {
  return line.replace(LINE_MARKUP, '').replace(EMPHASIS, '').replace(SPACES, ' ').trim();
}

/**
 * Finds the lines where a document claims how ready it is, and sets the measured score beside
 * each. A readiness statement without a number claims 100%.
 */
export function findDocumentClaims(
  text: string | readonly string[],
  skipLines: ReadonlySet<number>,
  measured: number | null,
): DocumentClaim[] {
  const claims: DocumentClaim[] = [];
  const seen = new Set<string>();
  const lines = typeof text === 'string' ? text.split(/\r?\n|\r/) : text;
  const skipping = skipLines.size > 0;
  for (let index = 0; index < lines.length; index++) {
    if (skipping && skipLines.has(index + 1)) continue;
    const raw = lines[index] as string;
    // "of" is a cheap string search; the regex tries every digit of the line.
    if (!raw.includes(':') && !(raw.includes('of') && COUNTS_OF.test(raw))) continue;
    if (raw.length > 2000) continue;
    if (!MAYBE_CLAIM.test(raw)) continue;
    const line = plain(raw);
    const match = LABELLED.exec(line);
    const label = match?.groups?.label ?? '';
    const value = match?.groups?.value;
    let claimed: number | null = null;
    if (value && !TARGET_LABEL.test(label)) {
      const percent = PERCENT.exec(value);
      const fraction = FRACTION.exec(value);
      if (percent) claimed = Number(percent[1]);
      else if (fraction && Number(fraction[2]) > 0 && Number(fraction[1]) <= Number(fraction[2]))
        claimed = Math.round((Number(fraction[1]) / Number(fraction[2])) * 100);
      else if (READY.test(value) && !HEDGED.test(value) && !NOT_DONE_MARKER.test(value.trim()))
        claimed = 100;
    }
    if (claimed === null && !TARGET_LABEL.test(line)) {
      const counted = COUNTED.exec(line);
      if (counted && Number(counted[2]) > 0 && Number(counted[1]) <= Number(counted[2]))
        claimed = Math.round((Number(counted[1]) / Number(counted[2])) * 100);
    }
    if (claimed === null || claimed > 100) continue;
    // The same claim stated twice (summary and conclusion) is one claim.
    const key = `${claimed}\u0000${line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    claims.push({ text: line, line: index + 1, claimed, measured });
  }
  return claims;
}
