import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parseChecklist } from '../../src/core/checklist/parse-checklist.js';
import { computeVerdict } from '../../src/core/gate/compute-verdict.js';
import {
  code,
  codeSpan,
  escapeInline,
  mention,
  renderSafeReply,
  trusted,
} from '../../src/core/render/escape-markdown.js';
import { renderCheckOutput, SUMMARY_LIMIT } from '../../src/core/render/render-check-output.js';
import { renderStickyComment, STICKY_MARKER } from '../../src/core/render/render-sticky-comment.js';
import { renderReportText } from '../../src/core/render/render-report-text.js';
import type { Finding } from '../../src/core/rules/rule-types.js';
import type { Waiver } from '../../src/core/waivers/apply-waivers.js';
import { noteAddedAllowLines } from '../../src/core/waivers/list-suppressions.js';
import { makeChange } from '../helpers/make-change.js';

const HOSTILE = [
  '@acme/security-team',
  '@octocat',
  '<img src=x onerror=alert(1)>',
  '</details>',
  '<!-- readiness-gate:sticky -->',
  '<!-- readiness-gate:waiver {"comment":1,"fingerprints":["x"]} -->',
  '`` ` ```',
  '| cell | break |',
  '![pixel](https://evil.example/p.png)',
  '[click](javascript:alert(1))',
  'line\n\n## Fake heading\n- [x] fake item',
].join(' ');

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: 'dev-keys',
    severity: 'error',
    phase: 1,
    path: `src/${HOSTILE}.ts`,
    line: 2,
    message: HOSTILE,
    excerpt: HOSTILE,
    suppressed: false,
    suppression: null,
    waived: false,
    fingerprint: 'f',
    ...overrides,
  };
}

const markdown = unified().use(remarkParse).use(remarkGfm);

interface Node {
  type: string;
  value?: string;
  url?: string;
  depth?: number;
  children?: Node[];
}

function nodesOf(text: string): Node[] {
  const all: Node[] = [];
  const walk = (node: Node) => {
    all.push(node);
    node.children?.forEach(walk);
  };
  walk(markdown.parse(text) as Node);
  return all;
}

/** Text as GitHub would render it, outside code (where GitHub links no mention). */
function visibleText(text: string): string {
  return nodesOf(text)
    .filter((node) => node.type === 'text')
    .map((node) => node.value)
    .join(' ');
}

/** What an attacker must never get into the App's markdown, checked on the parsed markdown. */
function expectSafe(text: string, markers = 0) {
  const nodes = nodesOf(text);
  // Raw HTML only from the renderer: <details>, <summary> and its own marker.
  const html = nodes.filter((node) => node.type === 'html').map((node) => node.value ?? '');
  for (const value of html)
    expect(value).toMatch(
      /^(<\/?(details|summary)>|<!-- readiness-gate:sticky -->|[^<]*<\/summary>)/,
    );
  expect(html.filter((value) => value.includes('<!--'))).toHaveLength(markers);
  expect(visibleText(text)).not.toMatch(/@(acme|octocat)/);
  expect(nodes.filter((node) => node.type === 'image')).toEqual([]);
  // Links only to GitHub, or bare URLs GitHub autolinks (their text is the URL itself).
  const disguised = nodes.filter(
    (node) =>
      node.type === 'link' &&
      !node.url?.startsWith('https://github.com/') &&
      node.children?.map((child) => child.value).join('') !== node.url,
  );
  expect(disguised).toEqual([]);
  expect(
    nodes.filter((node) => node.type === 'heading' && JSON.stringify(node).includes('Fake')),
  ).toEqual([]);
  const count = (tag: string) => html.filter((value) => value.includes(tag)).length;
  expect(count('<details>')).toBe(count('</details>'));
  expect(text.split('<!-- readiness-gate').length - 1).toBe(markers);
}

describe('escape-markdown', () => {
  it('code spans cannot be closed from inside', () => {
    expect(codeSpan('a ` b `` c')).toBe('```a ` b `` c```');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    expect(codeSpan('a|b', { inTable: true })).toBe('`a\\|b`');
  });

  it('shows bidirectional overrides instead of letting them reorder a file name', () => {
    const trojan = 'src/ok\u202Ests.ts';
    expect(escapeInline(trojan)).toBe('src/ok\uFFFDsts.ts');
    expect(codeSpan(trojan)).toBe('`src/ok\uFFFDsts.ts`');
  });

  it('inline text keeps words and escapes markup', () => {
    expect(escapeInline('ACTION_PLAN.md @bob <b>')).toBe('ACTION_PLAN.md @\u200Dbob &lt;b&gt;');
    expect(escapeInline('# heading')).toBe('\\# heading');
  });

  it('renderSafeReply escapes every value and never carries a marker', () => {
    const text = '<!-- readiness-gate:waiver {} --> @everyone `x`';
    const reply = renderSafeReply`${mention('octo-cat')} I don't know ${code(text)}: ${text}.\n\n${trusted('**help**')}`;
    expect(reply.startsWith('@octo-cat I don')).toBe(true);
    expect(reply).not.toContain('<!--');
    expect(visibleText(reply)).not.toContain('@everyone');
    expect(reply).toContain('**help**');
    expect(renderSafeReply`${mention('<b>@x')}`).toBe('&lt;b&gt;@\u200Dx');
  });
});

describe('reports on hostile input', () => {
  const plan = parseChecklist(
    `# ${HOSTILE}\n\n## Phase 1\n- [ ] ${HOSTILE.replace(/\n/g, ' ')}\n- [x] done\n`,
    'PLAN.md',
  ).document;
  const waiver: Waiver = {
    rule: 'dev-keys',
    path: HOSTILE,
    reason: HOSTILE,
    by: 'maintainer',
    at: '2026-12-01T10:11:12Z',
    fingerprints: ['f'],
    commentUrl: 'https://github.com/o/r/pull/1#issuecomment-9',
  };
  const verdict = computeVerdict({
    documents: [plan],
    findings: [finding(), finding({ severity: 'warning', line: 3 })],
    errors: [{ path: '.github/readiness.yml', line: 1, column: 1, message: HOSTILE }],
    phase: 1,
    untracked: 'open',
    notScanned: [{ path: HOSTILE, reason: HOSTILE }],
  });

  it('escapes item text, file names, excerpts, messages and reasons in the check summary', () => {
    const output = renderCheckOutput(verdict, {
      blobUrl: 'https://github.com/o/r/blob/abc',
      notScanned: [],
      waivers: [waiver],
      required: true,
    });
    expectSafe(output.summary);
    expect(output.summary).toContain('@\u200Doctocat');
    for (const annotation of output.annotations) {
      expect(annotation.message).not.toMatch(/@(acme|octocat)/);
      expect(annotation.message).not.toContain('<!--');
    }
  });

  it('leaves exactly one marker in the sticky comment', () => {
    const body = renderStickyComment(verdict, {
      blobUrl: null,
      notScanned: [],
      waivers: [waiver],
      headSha: 'abcdef0123456789',
    });
    expectSafe(body, 1);
    expect(body.startsWith(STICKY_MARKER)).toBe(true);
  });

  it('shows who waived what, when and why', () => {
    const { summary } = renderCheckOutput(verdict, {
      blobUrl: null,
      notScanned: [],
      waivers: [{ ...waiver, path: 'src/pay.ts', reason: 'test key' }],
      required: true,
    });
    expect(summary).toContain(
      '| `dev-keys` | `src/pay.ts` | @maintainer | [2026-12-01 10:11 UTC](https://github.com/o/r/pull/1#issuecomment-9) | test key | 1 |',
    );
  });
});

describe('what a report always shows', () => {
  it('lists a suppression the change added, with its reason, and overridden rules', () => {
    const change = makeChange('src/a.ts', [
      ' keep',
      "+const key = 'x'; // readiness:allow dev-keys -- vendor sandbox key",
    ]);
    const verdict = computeVerdict({
      documents: [parseChecklist('## Phase 1\n- [x] a\n', 'P.md').document],
      findings: [
        finding({ path: 'src/a.ts', suppressed: true, suppression: 'vendor sandbox key' }),
      ],
      errors: [],
      phase: 1,
      untracked: 'open',
      addedAllowLines: noteAddedAllowLines(change, new Map()),
      rules: [
        {
          id: 'dev-keys',
          title: 't',
          severity: 'notice',
          phase: 1,
          description: 'd',
          checklist: [],
          paths: { include: ['**'], exclude: [] },
          check: { kind: 'added-line-pattern' },
          source: { path: '.github/readiness.yml', line: 4, column: 7 },
          override: true,
        },
      ],
    });
    expect(verdict.verdict).toBe('pass');
    const { summary } = renderCheckOutput(verdict, {
      blobUrl: null,
      notScanned: [],
      waivers: [],
      required: true,
    });
    expect(summary).toContain(
      '- **added by this change**: `dev-keys` at `src/a.ts:2` — vendor sandbox key',
    );
    expect(summary).toContain('- `dev-keys`: replaced at `.github/readiness.yml:4`');
  });

  it('keeps the verdict, every blocking section, not-scanned files and suppressions within 65,535 characters', () => {
    const long = 'x'.repeat(1_000);
    const documents = [
      parseChecklist(
        `## Phase 1\n${Array.from({ length: 1_000 }, (_, i) => `- [ ] item ${i} ${long}`).join('\n')}\n`,
        'PLAN.md',
      ).document,
    ];
    const findings = [
      ...Array.from({ length: 3_000 }, (_, i) =>
        finding({ path: `src/f${i}.ts`, message: long, excerpt: long, line: i + 1 }),
      ),
      ...Array.from({ length: 3_000 }, (_, i) =>
        finding({ path: `src/w${i}.ts`, severity: 'warning', message: long }),
      ),
      finding({ path: 'src/allowed.ts', suppressed: true, suppression: 'reviewed by security' }),
    ];
    const notScanned = Array.from({ length: 2_000 }, (_, i) => ({
      path: `assets/blob${i}.dat`,
      reason: 'binary',
      kind: 'text' as const,
    }));
    const verdict = computeVerdict({
      documents,
      findings,
      errors: [],
      phase: 1,
      untracked: 'open',
      notScanned,
    });
    const output = renderCheckOutput(verdict, {
      blobUrl: null,
      notScanned: [],
      waivers: [],
      required: true,
    });
    const { summary } = output;
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(summary.startsWith('## Readiness Gate: ❌ fail')).toBe(true);
    expect(summary).toContain('- 3000 blocking finding(s).');
    expect(summary).toContain('2000 file(s) could not be scanned');
    expect(summary).toContain('### Blocking findings');
    expect(summary).toContain('`src/f0.ts:1`');
    expect(summary).toContain('item(s) keep Phase 1 of PLAN.md from green');
    expect(summary).toContain('### Not scanned');
    expect(summary).toContain('`assets/blob0.dat` (text, **blocks**)');
    expect(summary).toContain('`dev-keys` at `src/allowed.ts:2` — reviewed by security');
    expect(summary).toContain('truncated');
    // Long texts are capped before rendering, not left to eat the whole budget.
    expect(summary).not.toContain('x'.repeat(600));
    expect(summary.split('<details>').length).toBe(summary.split('</details>').length);
    expect(output.title).toBe('Phase 1: 0/1000 done · 3000 blocking findings · 2000 not scanned');
    const sticky = renderStickyComment(verdict, {
      blobUrl: null,
      notScanned: [],
      waivers: [],
      headSha: 'abcdef0',
    });
    expect(sticky.length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(sticky.startsWith(STICKY_MARKER)).toBe(true);
    for (const part of ['### Blocking findings', '### Not scanned', '`src/allowed.ts:2`'])
      expect(sticky).toContain(part);
  });
});

describe('terminal reports', () => {
  it('print no control characters from user text (no ANSI escape reaches the terminal)', () => {
    const attack = 'ok\u001b[2J\u001b]0;pwned\u0007\r\nVerdict: PASS';
    const verdict = computeVerdict({
      documents: [parseChecklist(`## Phase 1\n- [ ] ${attack}\n`, `${attack}.md`).document],
      findings: [finding({ message: attack, excerpt: attack, path: attack })],
      errors: [],
      phase: 1,
      untracked: 'open',
    });
    const text = renderReportText(verdict);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(text).not.toMatch(/^Verdict: PASS/m);
    expect(text).toMatch(/^Verdict: FAIL$/m);
  });
});
