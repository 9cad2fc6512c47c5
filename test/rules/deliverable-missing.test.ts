import { evidenceTable } from '../helpers/evidence-table.js';

const plan = (item: string, phase = 1) =>
  `# Plan\n\n## Phase ${phase}: Launch\n- [x] Ship the orders API\n${item}\n`;
const SCRIPT = { 'scripts/verify.sh': '#!/bin/sh\nexit 0\n' };

evidenceTable('deliverable-missing', {
  valid: [
    {
      name: 'the named script exists at head',
      plan: plan('- [x] Schema check in `scripts/verify.sh`'),
      files: SCRIPT,
    },
    {
      name: 'an open item may name what does not exist yet',
      plan: plan('- [ ] Schema check in `scripts/verify.sh`'),
    },
    {
      name: 'a link resolves from the document folder',
      plan: plan('- [x] Env vars documented in [the guide](ENV_SETUP.md)'),
      files: { 'docs/ENV_SETUP.md': '# Env\n' },
    },
    {
      name: 'a path in backticks counts as the tail of a path at head',
      plan: plan('- [x] Keys read in `config/keys.ts`'),
      files: { 'src/config/keys.ts': 'export {};\n' },
    },
    {
      name: 'a folder exists when a file lies under it',
      plan: plan('- [x] Runbooks written in `ops/runbooks/`'),
      files: { 'ops/runbooks/db.md': '# DB\n' },
    },
    {
      name: 'URLs, system paths, globs and commands are not repository paths',
      plan: plan(
        '- [x] Logs in `/var/log/app.log`, rules in `src/**/*.ts`, docs at [site](https://example.com/a.md), run `npm test`',
      ),
    },
    {
      name: 'the finding is allowed on the item line with a reason',
      plan: plan(
        '- [x] Schema check in `scripts/verify.sh` <!-- readiness:allow deliverable-missing -- lives in the infra repo -->',
      ),
    },
  ],
  invalid: [
    {
      name: 'a ticked item naming a missing script',
      plan: plan('- [x] Schema check in `scripts/verify.sh`'),
      findings: [
        {
          line: 5,
          message:
            'Claimed, not true: “Schema check in `scripts/verify.sh`” is marked done, but `scripts/verify.sh` does not exist at head',
        },
      ],
    },
    {
      name: 'a ✅ deliverable linking to a missing document',
      plan: plan('- ✅ [Production env setup](PRODUCTION_ENV_SETUP.md) written'),
      findings: [{ line: 5, message: '`docs/PRODUCTION_ENV_SETUP.md` does not exist at head' }],
    },
    {
      name: 'two missing paths on one item are one finding',
      plan: plan('- [x] Backups: `scripts/backup.sh` and `scripts/restore.sh`'),
      findings: [
        { line: 5, message: '`scripts/backup.sh`, `scripts/restore.sh` do not exist at head' },
      ],
    },
    {
      name: 'outside the gating phase it is a warning',
      plan: plan('- [x] Load test in `bench/load.js`', 2),
      findings: [{ line: 5, message: '`bench/load.js` does not exist', severity: 'warning' }],
    },
  ],
});
