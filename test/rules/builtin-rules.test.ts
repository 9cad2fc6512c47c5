import { parseUnifiedDiff } from '../../src/core/diff/parse-unified-diff.js';
import { makeChange } from '../helpers/make-change.js';
import { builtinRule, findingsOf } from '../helpers/run-rule.js';

type Case = [name: string, path: string, lines: string[], expected: number[]];

/** valid/invalid per built-in rule: the lines (in the new file) where findings must appear. */
const TABLE: Record<string, Case[]> = {
  'dev-keys': [
    [
      'Stripe live key',
      'src/config.ts',
      [' a', "+const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';"],
      [2],
    ],
    [
      'GitHub token',
      'src/gh.ts',
      ['+const token = "ghp_0123456789abcdefghijklmnopqrstuvwxyz";'],
      [1],
    ],
    ['AWS access key', 'deploy/env.sh', ['+export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE'], [1]],
    ['private key', 'certs/key.pem', ['+-----BEGIN RSA PRIVATE KEY-----'], [1]],
    ['password literal', 'src/db.py', ['+password = "hunter2hunter2"'], [1]],
    ['read from the environment', 'src/config.ts', ['+const key = process.env.STRIPE_KEY;'], []],
    ['placeholder interpolation', 'src/config.ts', ['+const password = "${DB_PASSWORD}";'], []],
    [
      'in a test folder',
      'test/fixtures/keys.ts',
      ["+const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';"],
      [],
    ],
    ['in a spec file', 'src/pay.spec.ts', ["+const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';"], []],
    [
      'a line the change did not add',
      'src/config.ts',
      [" const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';", '+x'],
      [],
    ],
  ],
  'disabled-service': [
    [
      'a middleware commented out',
      'src/server.ts',
      ['-app.use(rateLimit());', '+// app.use(rateLimit());'],
      [1],
    ],
    [
      'a Python import commented out',
      'app/main.py',
      ['-from .audit import audit_log', '+# from .audit import audit_log'],
      [1],
    ],
    ['a new comment', 'src/server.ts', ['+// rate limiting lives in the gateway'], []],
    ['in markdown', 'docs/x.md', ['-app.use(rateLimit());', '+<!-- app.use(rateLimit()); -->'], []],
  ],
  'empty-catch': [
    ['empty catch block', 'src/a.ts', ['+try { run(); } catch (e) {}'], [1]],
    ['catch without binding', 'src/a.ts', ['+} catch {}'], [1]],
    ['promise .catch(() => {})', 'src/a.ts', ['+pool.end().catch(() => {});'], [1]],
    ['python except: pass', 'app/a.py', ['+    except Exception: pass'], [1]],
    ['a catch that logs', 'src/a.ts', ['+} catch (e) { log.error(e); }'], []],
    ['python except that logs', 'app/a.py', ['+    except ValueError as e:'], []],
  ],
  'mock-in-production': [
    ['jest.mock in source', 'src/payments.ts', ["+jest.mock('./stripe');"], [1]],
    ['sinon stub in source', 'src/a.js', ['+const s = sinon.stub(api, "charge");'], [1]],
    ['mock client', 'src/app.ts', ['+const client = new MockPaymentClient();'], [1]],
    ['mock flag on', 'src/config.ts', ['+  useMockData: true,'], [1]],
    ['in a test file', 'src/payments.test.ts', ["+jest.mock('./stripe');"], []],
    ['in __mocks__', 'src/__mocks__/stripe.ts', ['+export class MockPaymentClient {}'], []],
    ['the word mock in prose', 'src/a.ts', ['+// do not mock the clock here'], []],
  ],
  'exit-without-cleanup': [
    ['process.exit', 'src/cli.ts', ['+  process.exit(1);'], [1]],
    ['sys.exit', 'app/main.py', ['+    sys.exit(2)'], [1]],
    ['exitCode instead', 'src/cli.ts', ['+  process.exitCode = 1;'], []],
    ['in scripts/', 'scripts/release.ts', ['+process.exit(1);'], []],
  ],
  'csp-unsafe-inline': [
    ['unsafe-inline', 'src/security.ts', ['+  scriptSrc: ["\'self\'", "\'unsafe-inline\'"],'], [1]],
    [
      'unsafe-eval in a header',
      'nginx/site.conf',
      ["+add_header Content-Security-Policy \"script-src 'self' 'unsafe-eval'\";"],
      [1],
    ],
    ['nonce', 'src/security.ts', ["+  scriptSrc: [\"'self'\", `'nonce-${nonce}'`],"], []],
  ],
  'cors-localhost': [
    [
      'localhost origin',
      'src/server.ts',
      ["+app.use(cors({ origin: 'http://localhost:3000' }));"],
      [1],
    ],
    ['wildcard origin', 'src/server.ts', ["+app.use(cors({ origin: '*' }));"], [1]],
    [
      'production origin',
      'src/server.ts',
      ["+app.use(cors({ origin: 'https://shop.example.com' }));"],
      [],
    ],
    [
      'in a test',
      'test/server.test.ts',
      ["+app.use(cors({ origin: 'http://localhost:3000' }));"],
      [],
    ],
  ],
};

describe.each(Object.entries(TABLE))('%s', (id, cases) => {
  const rule = builtinRule(id);
  it.each(cases)('%s', (_name, path, lines, expected) => {
    expect(findingsOf(rule, [makeChange(path, lines)])).toEqual(
      expected.map((line) => [path, line]),
    );
  });
});

describe('built-in rules on real git diffs', () => {
  const rule = builtinRule('dev-keys');

  it('finds an added key in a renamed file, on the new path and line', () => {
    const diff = [
      'diff --git a/src/old.ts b/src/new.ts',
      'similarity index 90%',
      'rename from src/old.ts',
      'rename to src/new.ts',
      'index 1111111..2222222 100644',
      '--- a/src/old.ts',
      '+++ b/src/new.ts',
      '@@ -4,2 +4,3 @@ export const a = 1;',
      ' const b = 2;',
      "+const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';",
      ' const c = 3;',
      '',
    ].join('\n');
    expect(findingsOf(rule, parseUnifiedDiff(diff))).toEqual([['src/new.ts', 5]]);
  });

  it('handles CRLF files', () => {
    const diff =
      "diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1,1 +1,2 @@\n x\r\n+const password = 'hunter2hunter2';\r\n";
    expect(findingsOf(rule, parseUnifiedDiff(diff))).toEqual([['a.ts', 2]]);
  });

  it('skips binary files and deleted files', () => {
    const diff = [
      'diff --git a/img.png b/img.png',
      'new file mode 100644',
      'Binary files /dev/null and b/img.png differ',
      'diff --git a/gone.ts b/gone.ts',
      'deleted file mode 100644',
      '--- a/gone.ts',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      "-const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';",
      '',
    ].join('\n');
    const changes = parseUnifiedDiff(diff);
    expect(changes.map((c) => [c.path, c.status, c.binary])).toEqual([
      ['img.png', 'added', true],
      ['gone.ts', 'deleted', false],
    ]);
    expect(findingsOf(rule, changes)).toEqual([]);
  });
});
