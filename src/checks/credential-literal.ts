import { findKeywordLines } from '../core/rules/find-keyword-lines.js';
import { findSecrets, KEYWORDS, PROVIDER_HINTS } from '../core/rules/find-secrets.js';
import { maskSecret, maskSecrets } from '../core/rules/mask-secret.js';
import type { RawFinding } from '../core/rules/rule-types.js';
import { createCheck } from './create-check.js';

export interface CredentialLiteralOptions {
  /** Appended to the finding's message: what to do instead. */
  expected?: string;
}

const keywordLines = findKeywordLines(KEYWORDS);
const hintLines = findKeywordLines(PROVIDER_HINTS);
const HINTED = { keyword: true, hint: true };
const UNHINTED = { keyword: true, hint: false };

export default createCheck<CredentialLiteralOptions>({
  meta: {
    kind: 'credential-literal',
    description:
      'Credentials on added lines: provider keys (AWS, GitHub, Stripe, Slack, Google, private keys, JWTs), passwords in connection strings, literal fallbacks and values given to credential-named identifiers, values in committed `.env` files. Placeholders, URLs, paths and names are not credentials.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        kind: { const: 'credential-literal' },
        expected: { type: 'string', minLength: 1 },
      },
    },
  },
  create(options) {
    const expected = options.expected ?? 'it read from the environment or a secret store';
    return {
      run(change) {
        const found: RawFinding[] = [];
        // One keyword scan of the whole change; findSecrets sees only the lines it hits.
        const hits = keywordLines(change);
        // Both found in the same scan of the change (one automaton holds every rule's keywords).
        const hints = hintLines(change);
        // Indexed: `entries()` would make a pair for each of the change's lines.
        for (let index = 0; index < change.lines.length; index++) {
          if (hits[index] === 0) continue;
          const line = change.lines[index]!;
          if (line.kind !== 'add') continue;
          const spans = findSecrets(line.text, {
            path: change.path,
            known: hints[index] === 1 ? HINTED : UNHINTED,
          });
          const first = spans[0];
          if (!first) continue;
          const secret = line.text.slice(first.start, first.end);
          found.push({
            path: change.path,
            line: line.newLine ?? 0,
            message: `Unexpected hard-coded ${first.kind} \`${maskSecret(secret)}\`, expected ${expected}`,
            excerpt: maskSecrets(line.text.trim()),
          });
        }
        return found;
      },
    };
  },
});
