import { ruleTable } from '../helpers/run-rule.js';

ruleTable('disabled-file', {
  invalid: [
    {
      name: 'a worker renamed to .disabled',
      path: 'src/worker.ts.disabled',
      oldPath: 'src/worker.ts',
      status: 'renamed',
      lines: [],
      findings: [{ line: 1, message: 'disabling suffix `.disabled`' }],
    },
    {
      name: 'a .bak file added',
      path: 'config/nginx.conf.bak',
      status: 'added',
      lines: ['+server {}'],
      findings: [{ line: 1, message: '`.bak`' }],
    },
    {
      name: 'enabled: true → false',
      path: 'config/services.yml',
      lines: ['-  enabled: true', '+  enabled: false'],
      findings: [{ line: 1, message: 'Unexpected `enabled` turned from `true` to `false`' }],
    },
    {
      name: 'a key ending in Enabled',
      path: 'config/app.json',
      lines: ['-  "auditLogEnabled": true,', '+  "auditLogEnabled": false,'],
      findings: [{ line: 1, message: '`auditLogEnabled`' }],
    },
    {
      name: 'active: true → false',
      path: 'config/jobs.yaml',
      lines: ['-  active: true', '+  active: false'],
      findings: [{ line: 1, message: '`active`' }],
    },
    {
      name: 'disabled: false → true',
      path: 'config/cron.yml',
      lines: ['-  disabled: false', '+  disabled: true'],
      findings: [{ line: 1, message: '`disabled` turned from `false` to `true`' }],
    },
    {
      name: 'an env switch',
      path: '.env.production',
      lines: ['-RATE_LIMIT_ENABLED=true', '+RATE_LIMIT_ENABLED=false'],
      findings: [{ line: 1, message: 'RATE_LIMIT_ENABLED' }],
    },
    {
      name: 'any flag in a feature-flag file',
      path: 'config/feature-flags.json',
      lines: ['-  "newCheckout": true,', '+  "newCheckout": false,'],
      findings: [{ line: 1, message: '`newCheckout`' }],
    },
  ],
  valid: [
    {
      name: 'tsconfig "declaration": true → false',
      path: 'tsconfig.json',
      lines: ['-    "declaration": true,', '+    "declaration": false,'],
    },
    {
      name: 'interactive: true → false',
      path: 'config/cli.yml',
      lines: ['-interactive: true', '+interactive: false'],
    },
    {
      name: 'an ordinary boolean (strict) turned off',
      path: 'config/app.yml',
      lines: ['-  strict: true', '+  strict: false'],
    },
    {
      name: 'a switch turned on',
      path: 'config/services.yml',
      lines: ['-  enabled: false', '+  enabled: true'],
    },
    {
      name: 'a switch in a test config',
      path: 'test/fixtures/services.yml',
      lines: ['-  enabled: true', '+  enabled: false'],
    },
    {
      name: 'a switch in source code (not config)',
      path: 'src/flags.ts',
      lines: ['-  enabled: true,', '+  enabled: false,'],
    },
    {
      name: 'a .bak file renamed from another .bak',
      path: 'a.conf.bak',
      oldPath: 'a.conf.old.bak',
      status: 'renamed',
      lines: [],
    },
  ],
});
