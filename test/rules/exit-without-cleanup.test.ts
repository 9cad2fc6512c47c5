import { ruleTable } from '../helpers/run-rule.js';

const MESSAGE = 'Unexpected exit without cleanup';

ruleTable('exit-without-cleanup', {
  invalid: [
    {
      name: 'process.exit',
      path: 'src/server.ts',
      lines: ['+  process.exit(1);'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'sys.exit',
      path: 'app/main.py',
      lines: ['+    sys.exit(2)'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'os.Exit',
      path: 'cmd/api/main.go',
      lines: ['+\tos.Exit(1)'],
      findings: [{ line: 1, message: MESSAGE }],
    },
  ],
  valid: [
    { name: 'exitCode instead', path: 'src/cli.ts', lines: ['+  process.exitCode = 1;'] },
    { name: 'in scripts/', path: 'scripts/release.ts', lines: ['+process.exit(1);'] },
    { name: 'in bin/', path: 'bin/setup.js', lines: ['+process.exit(1);'] },
    { name: 'in a test', path: 'test/cli.test.ts', lines: ['+process.exit(1);'] },
  ],
});
