import { runCheckCommand, WORKTREE } from '../../src/local/run-check-command.js';
import { GitRepo } from '../helpers/git-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { checkJson } from '../helpers/check-json.js';

const PLAN = '# Plan\n\n## Phase 1: Launch\n- [x] Ship it\n\n## Phase 2: Later\n- [ ] Scale\n';
const KEY = "export const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';\n";

/** Commits files on main (the base) and comes back to the feature branch. */
function onMain(repo: GitRepo, files: Record<string, string>): GitRepo {
  repo.git('checkout', '-q', 'main');
  repo.write(files).commit('on main');
  repo.git('checkout', '-q', 'feature');
  return repo;
}

function withPlan(): GitRepo {
  const repo = new GitRepo()
    .write({ 'ACTION_PLAN.md': PLAN, 'src/a.ts': 'export const a = 1;\n' })
    .commit('base');
  repo.git('checkout', '-q', '-b', 'feature');
  return repo;
}

describe('readiness-gate check on throwaway repositories', () => {
  it('passes a clean change when Phase 1 is green', async () => {
    const repo = withPlan().write({ 'src/b.ts': 'export const b = 2;\n' }).commit();
    const { exitCode, output } = await checkJson(repo);
    expect(exitCode).toBe(0);
    expect(output).toMatchObject({
      verdict: 'pass',
      gate: { phases: [1], green: true, reasons: [] },
      findings: [],
      errors: [],
    });
    expect(output.documents[0]).toMatchObject({ path: 'ACTION_PLAN.md' });
  });

  it('follows renames and reports the new path and line', async () => {
    const repo = withPlan();
    repo.git('mv', 'src/a.ts', 'src/renamed.ts');
    repo.write({ 'src/renamed.ts': `export const a = 1;\n${KEY}` }).commit();
    const { exitCode, output } = await checkJson(repo);
    expect(exitCode).toBe(1);
    expect(output.findings).toMatchObject([
      { rule: 'dev-keys', path: 'src/renamed.ts', line: 2, suppressed: false, waived: false },
    ]);
  });

  it('scans the working tree with --head WORKTREE', async () => {
    const repo = withPlan().write({ 'src/a.ts': `export const a = 1;\n${KEY}` });
    expect((await checkJson(repo, { head: 'HEAD' })).output.findings).toEqual([]);
    expect((await checkJson(repo, { head: WORKTREE })).output.findings).toMatchObject([
      { rule: 'dev-keys', path: 'src/a.ts', line: 2 },
    ]);
  });

  it('gates another phase with --phase and per-branch config', async () => {
    const repo = withPlan().write({ 'src/b.ts': '1;\n' }).commit();
    expect((await checkJson(repo, { phase: 2 })).output.gate).toMatchObject({
      phases: [2],
      green: false,
    });
    onMain(repo, { '.github/readiness.yml': "gate:\n  branches: { 'ma*': 2 }\n" });
    expect((await checkJson(repo)).output.gate.phases).toEqual([2]);
  });

  it('ignores paths from the config', async () => {
    const repo = onMain(withPlan(), { '.github/readiness.yml': "ignore: ['vendor/**']\n" });
    repo.write({ 'vendor/x.ts': KEY }).commit();
    expect((await checkJson(repo)).output.findings).toEqual([]);
  });

  it("judges a change under the base's config: editing the config cannot weaken the gate", async () => {
    const repo = withPlan()
      .write({ 'src/b.ts': KEY, '.github/readiness.yml': 'rules:\n  disable: [dev-keys]\n' })
      .commit();
    const { exitCode, output } = await checkJson(repo);
    expect(output.findings).toMatchObject([{ rule: 'dev-keys', path: 'src/b.ts' }]);
    expect(exitCode).toBe(1);
    // The working tree's config is the user's own: --head WORKTREE and --config use it.
    expect((await checkJson(repo, { head: WORKTREE })).output.findings).toEqual([]);
  });

  it("validates the change's own config and blocks on its errors", async () => {
    const repo = withPlan().write({ '.github/readiness.yml': 'untracked: maybe\n' }).commit();
    const { exitCode, output } = await checkJson(repo);
    expect(output.errors).toMatchObject([
      {
        path: '.github/readiness.yml@HEAD',
        line: 1,
        message: expect.stringContaining('for `untracked`, expected one of: open, ignore'),
      },
    ]);
    expect(exitCode).toBe(1);
  });

  it('lists binary files as not scanned in every format', async () => {
    const repo = withPlan().write({ 'logo.bin': '\u0000\u0001binary\u0000' }).commit();
    expect((await checkJson(repo)).output.notScanned).toEqual([
      { path: 'logo.bin', reason: 'binary', kind: 'binary' },
    ]);
    const text = (await runCheckCommand({ repo: repo.dir, base: 'main', format: 'text' })).stdout;
    expect(text).toContain('Not scanned (1):\n  logo.bin: binary');
    const markdown = (await runCheckCommand({ repo: repo.dir, base: 'main', format: 'markdown' }))
      .stdout;
    expect(markdown).toContain('### Not scanned\n\n- `logo.bin`: binary');
  });

  it('fails when there is no readiness document at all', async () => {
    const repo = new GitRepo().write({ 'a.ts': '1;\n' }).commit();
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ 'b.ts': '2;\n' }).commit();
    expect((await checkJson(repo)).output.gate.reasons).toEqual([
      'No readiness document found: nothing proves the gate, so it cannot pass.',
    ]);
  });

  it('renders markdown for the App, with the findings table', async () => {
    const repo = withPlan()
      .write({ 'src/a.ts': `export const a = 1;\n${KEY}` })
      .commit();
    const { stdout } = await runCheckCommand({ repo: repo.dir, base: 'main', format: 'markdown' });
    expect(stdout).toContain('## Readiness Gate: ❌ fail');
    expect(stdout).toContain('| error | `dev-keys` | `src/a.ts:2` |');
    expect(stdout).not.toContain('AbCdEfGh');
  });

  describe('as a process', () => {
    it('exits 2 naming file and line for an invalid config', async () => {
      const repo = onMain(withPlan(), { '.github/readiness.yml': 'gate:\n  phase: first\n' });
      const run = await runCli(['check', '--repo', repo.dir, '--base', 'main']);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        'readiness-gate: .github/readiness.yml:2:10: Unexpected string `f••••` (5 characters) for `gate.phase`, expected a whole number\n',
      );
    });

    it('exits 1 with a failing gate and 2 for a bad --format', async () => {
      const repo = withPlan().write({ 'src/a.ts': KEY }).commit();
      expect((await runCli(['check', '--repo', repo.dir, '--base', 'main'])).code).toBe(1);
      expect((await runCli(['check', '--repo', repo.dir, '--format', 'xml'])).code).toBe(2);
    });

    it('validates and lists rules', async () => {
      const repo = withPlan();
      const validate = await runCli(['validate', '--repo', repo.dir]);
      expect([validate.code, validate.stdout]).toEqual([
        0,
        'note: .github/readiness.yml: not found; the defaults apply\n.github/readiness.yml: ok (12 rules in effect)\n',
      ]);
      const rules = JSON.parse(
        (await runCli(['rules', '--json', '--repo', repo.dir])).stdout,
      ).rules;
      expect(rules.map((rule: { id: string }) => rule.id)).toEqual([
        'checklist-descoped',
        'claim-contradicted',
        'cors-localhost',
        'csp-unsafe-inline',
        'deliverable-missing',
        'dev-keys',
        'disabled-file',
        'disabled-service',
        'empty-catch',
        'exit-without-cleanup',
        'migration-rollback',
        'mock-in-production',
      ]);
    });
  });
});
