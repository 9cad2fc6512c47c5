import { evidenceTable, runEvidenceCase } from '../helpers/evidence-table.js';

// Assembled at run time so that no scanner mistakes this file for a leak.
const STRIPE = ['sk', 'live', '7hQ2mZ9xK4vB1nR8tW3yL6cD'].join('_');
const KEYED = `export const stripe = '${STRIPE}';\n`;
const plan = (item: string, phase = 1) =>
  `# Plan\n\n## Phase ${phase}: Launch\n- [x] Ship the orders API\n${item}\n`;

evidenceTable('claim-contradicted', {
  valid: [
    {
      name: 'a ticked dev-keys item while the code reads the key from the environment',
      plan: plan('- [x] Remove dev keys from the config'),
      files: { 'src/config.ts': 'export const stripe = process.env.STRIPE_KEY;\n' },
    },
    {
      name: 'an open item may still have violations: it claims nothing',
      plan: plan('- [ ] Remove dev keys from the config'),
      files: { 'src/config.ts': KEYED },
    },
    {
      name: 'a ticked item that no rule is linked to',
      plan: plan('- [x] Write the launch announcement'),
      files: { 'src/config.ts': KEYED },
    },
    {
      name: 'the key sits in test code, which the linked rule does not look at',
      plan: plan('- [x] No hardcoded credentials'),
      files: { 'test/payments.test.ts': KEYED },
    },
    {
      name: 'the key sits under a path the config ignores',
      plan: plan('- [x] No hardcoded credentials'),
      files: { 'vendor/sdk/config.ts': KEYED },
      config: { ignore: ['vendor/**'] },
    },
    {
      name: 'the remaining key is allowed on its line with a reason',
      plan: plan('- [x] Remove dev keys from the config'),
      files: {
        'src/config.ts': `export const stripe = '${STRIPE}'; // readiness:allow dev-keys -- revoked sandbox key\n`,
      },
    },
    {
      name: 'the claim is allowed on the item line with a reason',
      plan: plan(
        '- [x] Remove dev keys from the config <!-- readiness:allow claim-contradicted -- tracked in #12 -->',
      ),
      files: { 'src/config.ts': KEYED },
    },
  ],
  invalid: [
    {
      name: 'a ticked "Remove dev keys" item while a key is still in the code',
      plan: plan('- [x] Remove dev keys from the config'),
      files: { 'src/config.ts': KEYED },
      findings: [
        {
          line: 5,
          message:
            /^Claimed, not true: “Remove dev keys from the config” is marked done, but `dev-keys` still finds 1 violation at head \(src\/config\.ts:1\)/,
        },
      ],
    },
    {
      name: 'a ✅ item linked by a fragment ("hardcoded credentials")',
      plan: plan('- ✅ No hardcoded credentials in services'),
      files: { 'src/a.ts': KEYED, 'src/b.ts': KEYED },
      findings: [{ line: 5, message: '`dev-keys` still finds 2 violations at head' }],
    },
    {
      name: 'a link the config adds (`evidence`)',
      plan: plan('- [x] Payment provider wired for real'),
      files: { 'src/pay.ts': KEYED },
      config: { evidence: { 'payment provider': ['dev-keys'] } },
      findings: [{ line: 5, message: '“Payment provider wired for real” is marked done' }],
    },
    {
      name: 'outside the gating phase it is a warning',
      plan: plan('- [x] Remove dev keys from the config', 2),
      files: { 'src/config.ts': KEYED },
      findings: [{ line: 5, message: 'Claimed, not true', severity: 'warning' }],
    },
    {
      name: 'contradicted only by a warning-level rule, it is a warning',
      plan: plan('- [x] CORS locked down to our origins'),
      files: { 'src/server.ts': "app.use(cors({ origin: 'http://localhost:3000' }));\n" },
      findings: [
        { line: 5, message: '`cors-localhost` still finds 1 violation', severity: 'warning' },
      ],
    },
  ],
});

describe('claim-contradicted masks the key', () => {
  it('never carries the credential in the message or the excerpt', async () => {
    const [finding] = await runEvidenceCase('claim-contradicted', {
      name: 'masked',
      plan: plan('- [x] Remove dev keys from the config'),
      files: { 'src/config.ts': KEYED },
    });
    expect(finding?.excerpt).toMatch(/^src\/config\.ts:1: /);
    expect(JSON.stringify(finding)).not.toContain(STRIPE);
    expect(JSON.stringify(finding)).not.toContain(STRIPE.slice(8));
  });
});
