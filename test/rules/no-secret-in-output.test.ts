import { CHECKS } from '../../src/checks/index.js';
import { DEFAULT_CONFIG } from '../../src/core/config/config-types.js';
import { parseConfig } from '../../src/core/config/parse-config.js';
import type { FileChange } from '../../src/core/diff/diff-types.js';
import { runGate } from '../../src/core/gate/run-gate.js';
import type { Verdict } from '../../src/core/gate/compute-verdict.js';
import { renderCheckOutput } from '../../src/core/render/render-check-output.js';
import { renderReportMarkdown } from '../../src/core/render/render-report-markdown.js';
import { renderReportText } from '../../src/core/render/render-report-text.js';
import { renderStickyComment } from '../../src/core/render/render-sticky-comment.js';
import { parseRules } from '../../src/core/rules/parse-rules.js';
import { loadBuiltinRules } from '../../src/local/load-builtin-rules.js';
import { makeChange } from '../helpers/make-change.js';

// Assembled at run time so that no scanner takes this file for a leak.
const join = (...parts: string[]) => parts.join('');

/** [the secret that must never be printed, a code expression that carries it]. */
const FORMS: Array<[secret: string, expression: string]> = [
  ['local-dev-key', "process.env.API_KEY || 'local-dev-key'"],
  ['supersecretdevvalue', 'process.env.JWT_SECRET ?? "supersecretdevvalue"'],
  ['py-dev-key-123', 'os.getenv("API_KEY", "py-dev-key-123")'],
  ['hunter22', "'postgres://admin:hunter22@db/app'"],
  ['rootpw123', "'mysql://root:rootpw123@127.0.0.1/shop'"],
  [
    join('sk_', 'live_', '4eC39HqLyjWDarjtT1zdp7dc'),
    `'${join('sk_', 'live_', '4eC39HqLyjWDarjtT1zdp7dc')}'`,
  ],
  [
    join('ghp_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'),
    `"${join('ghp_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8')}"`,
  ],
  [join('AKIA', 'QYLPMN5HFIQ7RB2X'), `'${join('AKIA', 'QYLPMN5HFIQ7RB2X')}'`],
  [join('xoxb-', '2048-1024-hT3kQ9zLm2Wp'), `'${join('xoxb-', '2048-1024-hT3kQ9zLm2Wp')}'`],
  [
    join('AIza', 'SyD4x9Kq2LmN8pQ7rT5vW3yZ1bC6dE0fGhJ'),
    `'${join('AIza', 'SyD4x9Kq2LmN8pQ7rT5vW3yZ1bC6dE0fGhJ')}'`,
  ],
  [
    join('eyJhbGciOiJIUzI1NiJ9.', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0.', 'dozjgNryP4J3jVmNHl0w5N'),
    `'Bearer ${join('eyJhbGciOiJIUzI1NiJ9.', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0.', 'dozjgNryP4J3jVmNHl0w5N')}'`,
  ],
  ['a8f5f167f44f4964e6c998dee827110c', "{ apiKey: 'a8f5f167f44f4964e6c998dee827110c' }"],
  ['9f8e7d6c5b4a39281706f5e4d3c2b1a0', '{ client_secret: "9f8e7d6c5b4a39281706f5e4d3c2b1a0" }'],
  ['changeme-please', "{ password: 'changeme-please' }"],
  ['rails-dev-secret-base', 'ENV.fetch("SECRET_KEY_BASE", "rails-dev-secret-base")'],
  ['laravel-stripe-dev', "env('STRIPE_SECRET', 'laravel-stripe-dev')"],
  ['dict-default-token', "config.get('slack_token', 'dict-default-token')"],
  ['getenv-fallback-pw', "getenv('DB_PASSWORD') ?: 'getenv-fallback-pw'"],
  ['hunter2hunter2', "{ password: 'hunter2hunter2' }"],
  ['tok-9f8e7d6c5b4a3928', "{ authToken: 'tok-9f8e7d6c5b4a3928' }"],
];

/** Lines that other rules report, each carrying one credential form. */
function plant(expression: string, index: number): Array<[rule: string, change: FileChange]> {
  const code = `const value${index} = ${expression};`;
  return [
    [
      'empty-catch',
      makeChange(`src/catch${index}.ts`, [`+try { use(${expression}); } catch (e) {}`]),
    ],
    [
      'cors-localhost',
      makeChange(`src/cors${index}.ts`, [
        `+app.use(cors({ origin: 'http://localhost:3000', key: ${expression} }));`,
      ]),
    ],
    ['disabled-service', makeChange(`src/off${index}.ts`, [`-${code}`, `+// ${code}`])],
    [
      'disabled-file',
      makeChange(`config/flags${index}.yml`, [
        '-  enabled: true',
        `+  enabled: false # was ${expression}`,
      ]),
    ],
    ['exit-without-cleanup', makeChange(`src/exit${index}.ts`, [`+process.exit(1); // ${code}`])],
  ];
}

describe('no secret text in any output of any rule', () => {
  const { rules } = loadBuiltinRules();
  const planted = FORMS.flatMap(([, expression], index) => plant(expression, index));
  const FORMATS = [
    'text',
    'json',
    'markdown',
    'comment',
    'check-run summary',
    'check-run annotations',
  ];
  let verdict: Verdict;
  let outputs: Record<string, string> = {};
  beforeAll(async () => {
    const outcome = await runGate(
      {
        target: {
          kind: 'pull_request',
          repository: 'o/r',
          number: 1,
          baseRef: 'main',
          baseSha: 'a'.repeat(40),
          headSha: 'b'.repeat(40),
          blobUrl: 'https://github.com/o/r/blob/b',
          required: true,
        },
        config: DEFAULT_CONFIG,
        rules,
        errors: [],
        changes: planted.map(([, change]) => change),
        headPaths: null,
        checklists: [],
        notScanned: [],
        unreadable: [],
        waivers: [],
      },
      CHECKS,
    );
    verdict = outcome.verdict;
    const check = renderCheckOutput(verdict, {
      blobUrl: 'https://github.com/o/r/blob/b',
      notScanned: [],
      waivers: [],
      required: true,
    });
    outputs = {
      text: renderReportText(verdict),
      json: JSON.stringify(verdict),
      markdown: renderReportMarkdown(verdict, { blobUrl: null }),
      comment: renderStickyComment(verdict, {
        blobUrl: null,
        notScanned: [],
        waivers: [],
        headSha: 'b'.repeat(40),
      }),
      'check-run summary': check.summary,
      'check-run annotations': JSON.stringify(check.annotations),
    };
  });

  it('reports every planted line with the rule it was planted for', async () => {
    for (const [rule, change] of planted) {
      const line = change.lines.find((l) => l.kind === 'add')?.newLine;
      expect(verdict.findings.map((f) => `${f.rule} ${f.path}:${f.line}`)).toContain(
        `${rule} ${change.path}:${line}`,
      );
    }
  });

  it.each(FORMATS)('%s output holds none of the 20 secrets', (format) => {
    const output = outputs[format] as string;
    expect(output.length).toBeGreaterThan(0);
    expect(FORMS.map(([secret]) => secret).filter((secret) => output.includes(secret))).toEqual([]);
  });

  it('config and rule errors never echo a value in full', async () => {
    const config = parseConfig(
      'untracked: hunter2hunter2-config-secret\ngate: { phase: sk-config-secret-value }\n',
      '.github/readiness.yml',
      CHECKS,
    );
    const rule = parseRules(
      'id: x\ntitle: t\nseverity: ghp-rule-secret-value\ndescription: d\ncheck: { kind: credential-literal }\n',
      'rules/x.yml',
      CHECKS,
    );
    const stripe = join('sk_', 'live_', '9xQ2mT7vL4pR8sK1wZ6nB3cY');
    const pattern = parseRules(
      `id: y\ntitle: t\nseverity: error\ndescription: d\ncheck: { kind: added-line-pattern, pattern: '(?<=x)${stripe}' }\n`,
      'rules/y.yml',
      CHECKS,
    );
    expect(pattern.errors).toHaveLength(1);
    expect(pattern.errors[0]?.message).not.toContain(stripe);
    const messages = [...config.errors, ...rule.errors].map((e) => e.message).join('\n');
    expect(config.errors.length).toBeGreaterThan(0);
    expect(rule.errors.length).toBeGreaterThan(0);
    for (const value of [
      'hunter2hunter2-config-secret',
      'sk-config-secret-value',
      'ghp-rule-secret-value',
    ])
      expect(messages).not.toContain(value);
  });
});
