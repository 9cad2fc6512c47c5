import { findSecrets, MAX_LINE } from './find-secrets.js';

/** Shows at most a short prefix of a secret: `sk_live_51H…(32 chars)` becomes `sk_l…`. */
export function maskSecret(secret: string): string {
  const visible = Math.min(4, Math.floor(secret.length / 4));
  return `${secret.slice(0, visible)}${'•'.repeat(Math.min(8, Math.max(3, secret.length - visible)))}`;
}

/**
 * Masks every credential a secret pattern finds in a text (a message, an excerpt, an error),
 * line by line. Lines longer than the detector reads are cut, so nothing goes out unread.
 */
export function maskSecrets(text: string): string {
  return text
    .split('\n')
    .map((raw) => {
      const line = raw.length > MAX_LINE ? `${raw.slice(0, MAX_LINE - 1)}…` : raw;
      const spans = findSecrets(line, { mode: 'mask' });
      if (spans.length === 0) return line;
      let masked = '';
      let at = 0;
      for (const span of spans) {
        masked += line.slice(at, span.start) + maskSecret(line.slice(span.start, span.end));
        at = span.end;
      }
      return masked + line.slice(at);
    })
    .join('\n');
}
