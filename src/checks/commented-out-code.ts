import type { RawFinding } from '../core/rules/rule-types.js';
import { createCheck } from './create-check.js';

export interface CommentedOutCodeOptions {
  /** Shorter code is too ambiguous to call commented out (`}` or `end`). */
  minLength?: number;
}

const COMMENT_FORMS: RegExp[] = [
  /^\s*\/\/+\s?(.*)$/,
  /^\s*#+\s?(.*)$/,
  /^\s*--+\s?(.*)$/,
  /^\s*\/\*+\s?(.*?)\s*\*+\/\s*$/,
  /^\s*<!--\s?(.*?)\s*-->\s*$/,
];

function uncomment(text: string): string | null {
  for (const form of COMMENT_FORMS) {
    const match = form.exec(text);
    if (match) return match[1] ?? '';
  }
  return null;
}

function normalise(code: string): string {
  return code.replace(/\s+/g, ' ').trim();
}

export default createCheck<CommentedOutCodeOptions>({
  meta: {
    kind: 'commented-out-code',
    description:
      'A line the change removes and adds back as a comment (`-app.use(x)` / `+// app.use(x)`).',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        kind: { const: 'commented-out-code' },
        minLength: { type: 'integer', minimum: 1 },
      },
    },
  },
  create(options) {
    const minLength = options.minLength ?? 6;
    return {
      run(change) {
        const removed = new Set<string>();
        for (const line of change.lines) {
          if (line.kind === 'del' && uncomment(line.text) === null) {
            const code = normalise(line.text);
            if (code.length >= minLength) removed.add(code);
          }
        }
        if (removed.size === 0) return [];
        const found: RawFinding[] = [];
        for (const line of change.lines) {
          if (line.kind !== 'add') continue;
          const inner = uncomment(line.text);
          if (inner === null) continue;
          const code = normalise(inner);
          if (removed.has(code)) {
            found.push({
              path: change.path,
              line: line.newLine ?? 0,
              message: `Unexpected commented-out \`${code}\`, expected the code removed or kept running`,
              excerpt: line.text.trim(),
            });
          }
        }
        return found;
      },
    };
  },
});
