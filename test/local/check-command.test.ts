import { compileUserRegex } from '../../src/core/rules/compile-user-regex.js';
import { createDemoRepo } from '../../src/local/create-demo-repo.js';
import { runCheckCommand } from '../../src/local/run-check-command.js';

describe('readiness-gate check on a throwaway repository', () => {
  const repo = createDemoRepo();

  it('fails on the demo change with findings on the exact added lines', async () => {
    const result = await runCheckCommand({ repo, base: 'main', head: 'feature', format: 'json' });
    const output = JSON.parse(result.stdout);
    expect(result.exitCode).toBe(1);
    expect(output.verdict).toBe('fail');
    expect(output.gate).toMatchObject({ phases: [1], green: false });
    expect(
      output.findings.map((f: { rule: string; path: string; line: number }) => [
        f.rule,
        f.path,
        f.line,
      ]),
    ).toEqual([
      ['migration-rollback', 'db/migrations/0042_add_refunds.sql', 1],
      ['dev-keys', 'src/config.ts', 3],
      ['disabled-service', 'src/server.ts', 7],
      // "Every migration ships with a rollback" is ticked, but the migration above has none.
      ['claim-contradicted', 'PRODUCTION_READINESS.md', 15],
    ]);
  });

  it('never prints the credential in full, in any format', async () => {
    for (const format of ['json', 'text', 'markdown'] as const) {
      const { stdout } = await runCheckCommand({ repo, base: 'main', head: 'feature', format });
      expect(stdout).not.toContain('sk_live_51HxDemoOnlyNotARealKey0000');
      expect(stdout).not.toContain('HxDemoOnly');
    }
  });
});

describe('user regexes', () => {
  it('run in linear time: (a+)+$ on a 100 KB line returns', async () => {
    const { regex } = compileUserRegex('(a+)+$');
    expect(regex?.test(`${'a'.repeat(100_000)}!`)).toBe(false);
  });

  it('report look-around as unsupported instead of crashing', async () => {
    expect(compileUserRegex('(?=x)y').error).toMatch(/^Unexpected regular expression `\(\?=x\)y`/);
  });
});
