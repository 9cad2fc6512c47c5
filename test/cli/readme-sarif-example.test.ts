import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { GitRepo } from '../helpers/git-repo.js';
import { repoRoot } from '../helpers/paths.js';
import { readReadmeExample } from '../helpers/read-readme-example.js';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

describe('README: Upload to code scanning', () => {
  const workflow = parse(readReadmeExample('upload-sarif')) as {
    permissions: Record<string, string>;
    jobs: Record<string, { steps: Step[] }>;
  };
  const steps = Object.values(workflow.jobs)[0]?.steps ?? [];

  it('checks out the whole history and may upload security events', () => {
    expect(workflow.permissions['security-events']).toBe('write');
    expect(steps.find((step) => step.uses?.startsWith('actions/checkout'))?.with).toMatchObject({
      'fetch-depth': 0,
    });
  });

  it('runs a command that writes valid SARIF to the file the upload step reads', () => {
    const gate = steps.find((step) => step.run?.includes('readiness-gate check'));
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif'));
    const match = /^npx readiness-gate (check .*) > (\S+)$/.exec(gate?.run ?? '');
    expect(match?.[2]).toBe(upload?.with?.sarif_file);

    // The runner's checkout of a pull request: the base branch as origin/<base>.
    const origin = new GitRepo()
      .write({ 'ACTION_PLAN.md': '# Plan\n\n## Phase 1: Launch\n- [x] Ship it\n' })
      .commit();
    origin.git('checkout', '-q', '-b', 'feature');
    origin.write({ 'src/a.ts': "const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';\n" }).commit();
    const clone = new GitRepo();
    clone.git('fetch', '-q', origin.dir, '+refs/heads/*:refs/remotes/origin/*');
    clone.git('checkout', '-q', 'origin/feature');
    const args = (match?.[1] ?? '').replace('"origin/$GITHUB_BASE_REF"', 'origin/main').split(' ');
    let stdout = '';
    try {
      stdout = execFileSync(
        process.execPath,
        [
          '--import',
          `${repoRoot}node_modules/tsx/dist/loader.mjs`,
          `${repoRoot}src/cli.ts`,
          ...args,
        ],
        {
          cwd: clone.dir,
          env: { ...process.env, NODE_OPTIONS: '' },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
    } catch (error) {
      // Run where the workflow runs it: in the checkout. Exit 1 is the verdict (a planted key); the SARIF is on stdout all the same.
      expect((error as { status: number }).status).toBe(1);
      stdout = (error as { stdout: string }).stdout;
    }
    if (!stdout) throw new Error(`no output for ${JSON.stringify(args)}`);
    const log = JSON.parse(stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.map((result: { ruleId: string }) => result.ruleId)).toEqual([
      'dev-keys',
    ]);
  });
});
