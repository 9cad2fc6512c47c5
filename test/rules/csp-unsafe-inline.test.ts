import { ruleTable } from '../helpers/run-rule.js';

const MESSAGE = "Unexpected 'unsafe-inline' or 'unsafe-eval'";

ruleTable('csp-unsafe-inline', {
  invalid: [
    {
      name: 'unsafe-inline in helmet',
      path: 'src/security.ts',
      lines: ['+  scriptSrc: ["\'self\'", "\'unsafe-inline\'"],'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'unsafe-eval in an nginx header',
      path: 'nginx/site.conf',
      lines: ["+add_header Content-Security-Policy \"script-src 'self' 'unsafe-eval'\";"],
      findings: [{ line: 1, message: MESSAGE }],
    },
  ],
  valid: [
    {
      name: 'a nonce',
      path: 'src/security.ts',
      lines: ["+  scriptSrc: [\"'self'\", `'nonce-${nonce}'`],"],
    },
    {
      name: 'a test asserting it is absent',
      path: 'server/routes/index.test.ts',
      lines: ['+    expect(csp).not.toContain("\'unsafe-inline\'");'],
    },
    { name: 'docs', path: 'docs/csp.md', lines: ["+Never use 'unsafe-inline'."] },
  ],
});
