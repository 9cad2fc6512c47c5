import type { DocumentClaim } from './checklist-types.js';

// "Status: ✅ PRODUCTION READY", "Production-Readiness Score: 95%", "Current State: 35% ...".
const LABELLED =
  /^(?<label>[\p{L}\s-]{0,40}?\b(?:status|state|score|readiness|assessment|verdict)\b[\p{L}\s-]{0,20}?)\s*:\s*(?<value>.+)$/iu;
const PERCENT = /(\d{1,3}(?:\.\d+)?)\s*%/;
const READY =
  /\b(?:production[ -]ready|ready for (?:production|deployment|release)|ready to (?:ship|deploy)|deployment[ -]ready)\b/i;
const HEDGED = /\b(?:not|no|isn'?t|pending|almost|nearly|partially|once|when|after|until)\b/i;

function plain(line: string): string {
  return line
    .replace(/^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)*/, '')
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Finds the lines where a document claims how ready it is, and sets the measured score beside
 * each. A readiness statement without a number claims 100%.
 */
export function findDocumentClaims(
  text: string,
  skipLines: ReadonlySet<number>,
  measured: number | null,
): DocumentClaim[] {
  const claims: DocumentClaim[] = [];
  const lines = text.split(/\r?\n|\r/);
  for (let index = 0; index < lines.length; index++) {
    if (skipLines.has(index + 1)) continue;
    const raw = lines[index] as string;
    if (!raw.includes(':')) continue;
    const line = plain(raw);
    const match = LABELLED.exec(line);
    const value = match?.groups?.value;
    if (!value) continue;
    const percent = PERCENT.exec(value);
    let claimed: number | null = null;
    if (percent) claimed = Number(percent[1]);
    else if (READY.test(value) && !HEDGED.test(value)) claimed = 100;
    if (claimed === null || claimed > 100) continue;
    claims.push({ text: line, line: index + 1, claimed, measured });
  }
  return claims;
}
