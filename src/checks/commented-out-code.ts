import { MAX_LINE } from '../core/rules/find-secrets.js';
import type { RawFinding } from '../core/rules/rule-types.js';
import { createCheck } from './create-check.js';

export interface CommentedOutCodeOptions {
  /** Shorter code is too ambiguous to call commented out (`}` or `end`). */
  minLength?: number;
}

// Line comments: each pattern is anchored and its parts cannot overlap, so it runs in linear time.
const LINE_COMMENTS: RegExp[] = [/^\s*\/\/+\s?(.*)$/, /^\s*#+\s?(.*)$/, /^\s*--+\s?(.*)$/];
const BLOCK_OPEN = /^\s*\/\*+/;
const HTML_OPEN = /^\s*<!--/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/**
 * The text of a one-line block comment: what `^\s*\/\*+\s?(.*?)\s*\*+\/\s*$` (or the `<!-- -->`
 * form) captures, found by slicing from both ends, because that lazy pattern is quadratic on a
 * long line.
 */
function uncommentBlock(text: string): string | null {
  const line = text.trimEnd();
  let open: number;
  let close: number;
  if (line.endsWith('*/')) {
    const opener = BLOCK_OPEN.exec(line);
    if (!opener) return null;
    close = line.length - 2;
    while (close > 0 && line[close - 1] === '*') close--;
    open = opener[0].length;
    // `/**/`: the opener's stars reach the closing slash; two stars are both ends, one is none.
    if (open > close) return open - (line.indexOf('/') + 1) >= 2 ? '' : null;
  } else if (line.endsWith('-->')) {
    const opener = HTML_OPEN.exec(line);
    if (!opener) return null;
    open = opener[0].length;
    close = line.length - 3;
    if (open > close) return null;
  } else return null;
  let body = line.slice(open, close);
  if (/^\s/.test(body)) body = body.slice(1);
  body = body.trimEnd();
  return LINE_BREAK.test(body) ? null : body;
}

function uncomment(raw: string): string | null {
  const text = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
  for (const form of LINE_COMMENTS) {
    const match = form.exec(text);
    if (match) return match[1] ?? '';
  }
  return uncommentBlock(text);
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
            const code = normalise(line.text.slice(0, MAX_LINE));
            if (code.length >= minLength) removed.add(code);
          }
        }
        if (removed.size === 0) return [];
        // One finding per commented-out block: consecutive added comment lines, at least one of
        // them a removed line brought back.
        const found: RawFinding[] = [];
        let block: { line: number; first: string; count: number; last: number } | null = null;
        const close = () => {
          if (!block) return;
          found.push({
            path: change.path,
            line: block.line,
            message:
              block.count === 1
                ? `Unexpected commented-out \`${block.first}\`, expected the code removed or kept running`
                : `Unexpected ${block.count} lines commented out, from \`${block.first}\`, expected the code removed or kept running`,
            excerpt: block.first,
          });
          block = null;
        };
        for (const line of change.lines) {
          if (line.kind === 'del') continue;
          const inner = line.kind === 'add' ? uncomment(line.text) : null;
          if (inner === null) {
            if (line.kind === 'ctx' || line.text.trim() !== '') close();
            continue;
          }
          const code = normalise(inner);
          if (!removed.has(code)) continue;
          const at = line.newLine ?? 0;
          if (block) {
            block.count++;
            block.last = at;
          } else block = { line: at, first: code, count: 1, last: at };
        }
        close();
        return found;
      },
    };
  },
});
