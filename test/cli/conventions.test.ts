import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInitCommand } from '../../src/local/run-init-command.js';
import { runCheckCommand } from '../../src/local/run-check-command.js';
import { runRulesCommand, runValidateCommand } from '../../src/local/run-rules-commands.js';
import { GitRepo } from '../helpers/git-repo.js';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const PLAN = '# Plan\n\n## Phase 1: Launch\n- [x] Ship it\n';
const KEY = "export const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';\n";
const VERSION = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;

function failingRepo(): GitRepo {
  const repo = new GitRepo().write({ 'ACTION_PLAN.md': PLAN }).commit();
  repo.git('checkout', '-q', '-b', 'feature');
  return repo.write({ 'src/key.ts': KEY }).commit();
}

describe('CLI conventions (issue 12 item 5)', () => {
  it('prints usage on stderr and exits 2 without arguments; --version and --help exit 0', async () => {
    const [none, version, help, checkHelp] = await Promise.all([
      runCli([]),
      runCli(['--version']),
      runCli(['--help']),
      runCli(['check', '--help']),
    ]);
    expect([none.code, none.stdout]).toEqual([2, '']);
    expect(none.stderr).toMatch(/^Usage: readiness-gate <command>/);
    expect([version.code, version.stdout]).toEqual([0, `${VERSION}\n`]);
    expect(help.stdout).toMatch(/^Usage: readiness-gate <command>/);
    expect(checkHelp.stdout).toMatch(/^Usage: readiness-gate check /);
    expect(checkHelp.stdout).toContain('--format F');
  });

  it('has --help for every command', async () => {
    const commands = ['check', 'checklist', 'rules', 'validate', 'init', 'protect'];
    const runs = await Promise.all(commands.map((command) => runCli(['help', command])));
    expect(runs.map((run) => [run.code, run.stdout.split('\n')[0]?.split(' ')[2]])).toEqual(
      commands.map((command) => [0, command]),
    );
  });

  it('accepts --json as --format json for check, rules and validate', async () => {
    const repo = failingRepo();
    const [check, rules, validate] = await Promise.all([
      runCli(['check', '--repo', repo.dir, '--base', 'main', '--json']),
      runCli(['rules', '--repo', repo.dir, '--json']),
      runCli(['validate', '--repo', repo.dir, '--json']),
    ]);
    expect([check.code, JSON.parse(check.stdout).verdict]).toEqual([1, 'fail']);
    expect(JSON.parse(rules.stdout).rules.length).toBeGreaterThan(0);
    expect(JSON.parse(validate.stdout)).toMatchObject({ valid: true, errors: [] });
  });

  it('prints no colour when piped or with NO_COLOR, colour when forced', async () => {
    const repo = failingRepo();
    const args = ['check', '--repo', repo.dir, '--base', 'main'];
    const [piped, noColor, forced] = await Promise.all([
      runCli(args),
      runCli(args, { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }),
      runCli(args, { env: { FORCE_COLOR: '1' } }),
    ]);
    expect(piped.stdout).toContain('Verdict: FAIL');
    expect(piped.stdout).not.toContain('\u001b[');
    expect(noColor.stdout).not.toContain('\u001b[');
    expect(forced.stdout).toContain('\u001b[1m\u001b[31mVerdict: FAIL\u001b[0m');
    // No progress line: standard error is not a terminal here.
    expect(piped.stderr).toBe('');
  });

  it('exits quietly when the reader of stdout goes away (EPIPE)', async () => {
    const repo = new GitRepo()
      .write({
        'ACTION_PLAN.md': `# Plan\n\n## Phase 1: Launch\n${'- [ ] A long open item to make the report big\n'.repeat(5000)}`,
      })
      .commit();
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ 'a.ts': '1;\n' }).commit();
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          `${repoRoot}src/cli.ts`,
          'check',
          '--repo',
          repo.dir,
          '--base',
          'main',
          '--json',
        ],
        { cwd: repoRoot, env: { ...process.env, NODE_OPTIONS: '' } },
      );
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).toBe('');
    expect([0, 1]).toContain(result.code);
  });
});

describe('validate (issue 12 item 5)', () => {
  it('reports every error, not the first, and exits 2', async () => {
    const repo = new GitRepo().write({
      '.github/readiness.yml':
        "gate:\n  phase: first\nuntracked: maybe\nphasePattern: '(unclosed'\nsurprise: 1\n",
    });
    const result = await runValidateCommand({ repo: repo.dir });
    expect(result.exitCode).toBe(2);
    const lines = result.stdout.trim().split('\n');
    expect(lines.map((line) => line.split(': ')[0])).toEqual([
      '.github/readiness.yml:2:10',
      '.github/readiness.yml:3:12',
      '.github/readiness.yml:4:1',
      '.github/readiness.yml:5:1',
    ]);
    expect(lines[2]).toContain('Unexpected regular expression `(unclosed`');
    expect(result.stderr).toBe('readiness-gate: 4 error(s) in the config and rules\n');
  });

  it('checks that phasePattern captures the phase number', async () => {
    const repo = new GitRepo().write({ '.github/readiness.yml': "phasePattern: 'stage \\d+'\n" });
    const result = await runValidateCommand({ repo: repo.dir, json: true });
    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout).errors).toMatchObject([
      { path: '.github/readiness.yml', line: 1, message: expect.stringMatching(/capture group/) },
    ]);
  });

  it('says that _extends is not followed by the local CLI, and why', async () => {
    const repo = failingRepo();
    repo.git('checkout', '-q', 'main');
    repo.write({ '.github/readiness.yml': '_extends: acme/.github\n' }).commit();
    repo.git('checkout', '-q', 'feature');
    // `validate` reads the working tree; `check` the base's config.
    repo.write({ '.github/readiness.yml': '_extends: acme/.github\n' });
    const validate = await runValidateCommand({ repo: repo.dir });
    expect(validate.exitCode).toBe(0);
    expect(validate.stdout).toContain(
      'note: .github/readiness.yml: `_extends: acme/.github` is not followed by the local CLI: it names another repository, which needs the GitHub API and a token',
    );
    const check = await runCheckCommand({ repo: repo.dir, base: 'main', format: 'json' });
    expect(check.stderr).toMatch(
      /^readiness-gate: warning: .*`_extends: acme\/\.github` is not followed/,
    );
  });

  it('fails on a missing config file or repository', async () => {
    const repo = new GitRepo();
    await expect(runValidateCommand({ repo: repo.dir, config: 'nope.yml' })).rejects.toThrow(
      'cannot read nope.yml: no such file',
    );
    await expect(runValidateCommand({ repo: '/nonexistent/repo' })).rejects.toThrow(
      'cannot use --repo /nonexistent/repo: no such directory',
    );
    await expect(runRulesCommand({ repo: '/nonexistent/repo', json: true })).rejects.toThrow(
      /no such directory/,
    );
  });
});

describe('init (issue 12 item 6)', () => {
  it('writes a valid commented config and a starter document that the gate reads', async () => {
    const repo = new GitRepo().write({ 'src/a.ts': '1;\n' }).commit();
    const result = await runInitCommand({ repo: repo.dir });
    expect(result.stdout).toContain(
      'wrote .github/readiness.yml\nwrote docs/PRODUCTION_READINESS.md\n',
    );
    expect(readFileSync(join(repo.dir, '.github/readiness.yml'), 'utf8')).toMatch(
      /^# readiness-gate/,
    );
    expect((await runValidateCommand({ repo: repo.dir })).exitCode).toBe(0);
    repo.commit();
    const check = JSON.parse(
      (await runCheckCommand({ repo: repo.dir, base: 'HEAD~1', format: 'json' })).stdout,
    );
    expect(check.documents[0]).toMatchObject({ path: 'docs/PRODUCTION_READINESS.md' });
    expect(check.documents[0].phases.map((phase: { number: number }) => phase.number)).toEqual([
      1, 2, 3,
    ]);
    expect(check.gate.reasons).toContain(
      'docs/PRODUCTION_READINESS.md: Phase 1 has 5 of 5 items not done.',
    );
  });

  it('writes no starter when a readiness document exists', async () => {
    const repo = new GitRepo().write({ 'docs/ACTION_PLAN.md': PLAN });
    const result = await runInitCommand({ repo: repo.dir });
    expect(result.stdout).toContain('readiness document(s) found: docs/ACTION_PLAN.md');
    expect(existsSync(join(repo.dir, 'docs/PRODUCTION_READINESS.md'))).toBe(false);
  });

  it('refuses to overwrite an existing config (exit 2 with the reason)', async () => {
    const repo = new GitRepo().write({ '.github/readiness.yml': 'untracked: ignore\n' });
    const run = await runCli(['init', '--repo', repo.dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'readiness-gate: .github/readiness.yml already exists; init never overwrites (edit it, or remove it first)\n',
    );
    expect(readFileSync(join(repo.dir, '.github/readiness.yml'), 'utf8')).toBe(
      'untracked: ignore\n',
    );
  });
});
