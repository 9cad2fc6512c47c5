import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS } from '../../src/checks/index.js';
import type { WaiverClaim } from '../../src/core/gate/gate-snapshot.js';
import { runGate } from '../../src/core/gate/run-gate.js';
import { createGitSource } from '../../src/local/create-git-source.js';
import { readRepositoryWorktree } from '../../src/local/read-repository-files.js';
import { runCheckCommand, WORKTREE } from '../../src/local/run-check-command.js';
import { GitRepo } from '../helpers/git-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { checkJson } from '../helpers/check-json.js';
import { collect } from '../helpers/collect.js';

/** Issue 9, items 10–12, end to end: the CLI on throwaway git repositories. */

// Assembled at run time so that no scanner mistakes this file for a leak.
const STRIPE = ['sk', 'live', '9dKq3ZxW7mVb2nTr5yLp8cHa'].join('_');
const KEYED = `export const stripe = '${STRIPE}';\n`;
const FORMATS = ['json', 'text', 'markdown', 'sarif'] as const;

const plan = (...items: string[]) =>
  [
    '# Orders plan',
    '',
    '## Phase 1: Launch',
    ...items,
    '',
    '## Phase 2: Later',
    '- [ ] Scale',
    '',
  ].join('\n');

/** `main` holds `files`; the `feature` branch is checked out, with nothing changed yet. */
function repoWith(files: Record<string, string>): GitRepo {
  const repo = new GitRepo().write(files).commit('base');
  repo.git('checkout', '-q', '-b', 'feature');
  return repo;
}

type Finding = { rule: string; path: string; line: number; severity: string; message: string };
const blocking = (output: { findings: Finding[] }) =>
  output.findings
    .filter((finding) => finding.severity === 'error')
    .map((finding) => [finding.rule, finding.path, finding.line]);

describe('claim-contradicted: a ticked item the code still contradicts', () => {
  const ticked = () => {
    const repo = repoWith({
      'PRODUCTION_READINESS.md': plan(
        '- [x] Ship the API',
        '- [ ] Remove dev keys from the config',
      ),
      'src/config.ts': KEYED,
    });
    // The change only ticks the box: the key stays in a file it does not touch.
    repo.write({
      'PRODUCTION_READINESS.md': plan(
        '- [x] Ship the API',
        '- [x] Remove dev keys from the config',
      ),
    });
    return repo.commit('tick');
  };

  it('blocks, naming the file the key is still in', async () => {
    const repo = ticked();
    const { exitCode, output } = await checkJson(repo);
    expect(exitCode).toBe(1);
    expect(blocking(output)).toEqual([['claim-contradicted', 'PRODUCTION_READINESS.md', 5]]);
    expect(output.findings[0].message).toMatch(
      /^Claimed, not true: “Remove dev keys from the config” is marked done, but `dev-keys` still finds 1 violation at head \(src\/config\.ts:1\)/,
    );
    expect(output.checklistChanges).toMatchObject([
      { kind: 'ticked', text: 'Remove dev keys from the config', line: 5, descoped: false },
    ]);
    expect(output.evidence).toMatchObject({ claims: true, changes: true, contradicted: 1 });
  });

  it('never prints the key, in any format', async () => {
    const repo = ticked();
    for (const format of FORMATS) {
      const { stdout, exitCode } = await runCheckCommand({ repo: repo.dir, base: 'main', format });
      expect(exitCode).toBe(1);
      expect(stdout).toContain('Remove dev keys from the config');
      expect(stdout).not.toContain(STRIPE);
      expect(stdout).not.toContain(STRIPE.slice(10));
    }
  });

  it('passes once the key is gone', async () => {
    const repo = ticked()
      .write({ 'src/config.ts': 'export const stripe = process.env.STRIPE_KEY;\n' })
      .commit('read the key from the environment');
    const { exitCode, output } = await checkJson(repo);
    expect(blocking(output)).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it('reads the working tree with --head WORKTREE, without following symbolic links', async () => {
    const repo = repoWith({
      'PRODUCTION_READINESS.md': plan('- [x] Remove dev keys from the config'),
      'src/config.ts': 'export const stripe = process.env.STRIPE_KEY;\n',
    });
    const outside = new GitRepo().write({ 'keys.ts': KEYED });
    symlinkSync(join(outside.dir, 'keys.ts'), join(repo.dir, 'src', 'linked.ts'));
    expect(blocking((await checkJson(repo, { head: WORKTREE })).output)).toEqual([]);
    // An untracked file is part of the working tree (and of the change, so dev-keys reports it).
    writeFileSync(join(repo.dir, 'src', 'local.ts'), KEYED);
    const { output } = await checkJson(repo, { head: WORKTREE });
    expect(blocking(output)).toEqual([
      ['dev-keys', 'src/local.ts', 1],
      ['claim-contradicted', 'PRODUCTION_READINESS.md', 4],
    ]);
    const claim = output.findings.find((finding: Finding) => finding.rule === 'claim-contradicted');
    expect(claim.message).toContain('1 violation at head (src/local.ts:1)');
  });
});

describe('deliverable-missing: a ✅ deliverable naming a missing script', () => {
  it('blocks through the CLI, and passes once the script exists', async () => {
    const repo = repoWith({ 'ACTION_PLAN.md': plan('- [x] Ship the API') });
    const checkViaCli = () =>
      runCli(['check', '--repo', repo.dir, '--base', 'main', '--format', 'json']);
    repo.write({ 'ACTION_PLAN.md': plan('- ✅ Schema verified by `scripts/verify.sh`') }).commit();
    const failing = await checkViaCli();
    expect(failing.code).toBe(1);
    expect(blocking(JSON.parse(failing.stdout))).toEqual([
      ['deliverable-missing', 'ACTION_PLAN.md', 4],
    ]);
    expect(JSON.parse(failing.stdout).findings[0].message).toContain(
      '`scripts/verify.sh` does not exist at head',
    );

    repo.write({ 'scripts/verify.sh': '#!/bin/sh\npsql -c "select 1"\n' }).commit('add the script');
    const passing = await checkViaCli();
    expect(JSON.parse(passing.stdout).findings).toEqual([]);
    expect(passing.code).toBe(0);
  });
});

describe('checklist-descoped: what a change does to the gated document', () => {
  const BASE = plan('- [x] Ship the API', '- [ ] Rotate the leaked keys', '- [ ] Close the pool');

  it('blocks a change deleting an open Phase 1 item and lists it under the checklist changes', async () => {
    const repo = repoWith({ 'ACTION_PLAN.md': BASE });
    repo.write({ 'ACTION_PLAN.md': BASE.replace('- [ ] Rotate the leaked keys\n', '') }).commit();
    const { exitCode, output } = await checkJson(repo);
    expect(exitCode).toBe(1);
    expect(blocking(output)).toEqual([['checklist-descoped', 'ACTION_PLAN.md', 5]]);
    expect(output.findings[0].message).toContain(
      'Unexpected open Phase 1 item “Rotate the leaked keys” removed',
    );
    const markdown = (await runCheckCommand({ repo: repo.dir, base: 'main', format: 'markdown' }))
      .stdout;
    expect(markdown).toContain('### Checklist changes in this pull request');
    expect(markdown).toMatch(
      /- ❌ removed “Rotate the leaked keys” — `ACTION_PLAN\.md:5` \(base\) \*\*\(blocks/,
    );
    const text = (await runCheckCommand({ repo: repo.dir, base: 'main', format: 'text' })).stdout;
    expect(text).toContain('Checklist changes in this pull request:');
    expect(text).toContain('ACTION_PLAN.md:5 (base)  removed  “Rotate the leaked keys”  [blocks]');
  });

  it('passes the same deletion once a writer waives it (the App hands waivers in)', async () => {
    const repo = repoWith({
      'ACTION_PLAN.md': plan('- [x] Ship the API', '- [ ] Rotate the leaked keys'),
    });
    repo.write({ 'ACTION_PLAN.md': plan('- [x] Ship the API') }).commit();
    const snapshot = await createGitSource({ repo: repo.dir, base: 'main' }).read();
    const blocked = await runGate(snapshot, CHECKS);
    expect(blocked.verdict.verdict).toBe('fail');
    expect(blocked.verdict.findings).toMatchObject([
      { rule: 'checklist-descoped', path: 'ACTION_PLAN.md', line: 5, waived: false },
    ]);
    const waiver: WaiverClaim = {
      rule: 'checklist-descoped',
      path: 'ACTION_PLAN.md',
      reason: 'key rotation moves to the security plan',
      by: 'lead',
      at: '2026-12-01T00:00:00Z',
      commentUrl: null,
      commentId: 1,
      fingerprints: null,
    };
    const waived = await runGate({ ...snapshot, waivers: [waiver] }, CHECKS);
    expect(waived.verdict.findings).toMatchObject([{ rule: 'checklist-descoped', waived: true }]);
    expect(waived.verdict.verdict).toBe('pass');
  });

  it('blocks moving an open item under Out of Scope and lists it', async () => {
    const repo = repoWith({ 'ACTION_PLAN.md': BASE });
    repo
      .write({
        'ACTION_PLAN.md': `${BASE.replace('- [ ] Rotate the leaked keys\n', '')}\n## Out of Scope\n- [ ] Rotate the leaked keys\n`,
      })
      .commit();
    const { exitCode, output } = await checkJson(repo);
    expect(exitCode).toBe(1);
    expect(blocking(output)).toEqual([['checklist-descoped', 'ACTION_PLAN.md', 11]]);
    const text = (await runCheckCommand({ repo: repo.dir, base: 'main', format: 'text' })).stdout;
    expect(text).toContain(
      'ACTION_PLAN.md:11  moved out of scope  “Rotate the leaked keys”  [blocks]',
    );
  });

  it('lists a ticked box and a renamed document without blocking', async () => {
    const repo = repoWith({ 'ACTION_PLAN.md': BASE });
    repo.git('mv', 'ACTION_PLAN.md', 'docs-ACTION_PLAN.md');
    repo
      .write({
        'docs-ACTION_PLAN.md': BASE.replace('- [ ] Close the pool', '- [x] Close the pool'),
      })
      .commit();
    const { output } = await checkJson(repo);
    expect(blocking(output)).toEqual([]);
    expect(output.findings).toMatchObject([
      { rule: 'checklist-descoped', severity: 'warning', line: 1 },
    ]);
    const text = (await runCheckCommand({ repo: repo.dir, base: 'main', format: 'text' })).stdout;
    expect(text).toContain('ACTION_PLAN.md:1 (base)  renamed to docs-ACTION_PLAN.md');
    expect(text).toContain('docs-ACTION_PLAN.md:6  ticked  “Close the pool”');
  });

  it('blocks deleting the gated document', async () => {
    const repo = repoWith({ 'ACTION_PLAN.md': BASE, 'src/a.ts': '1;\n' });
    repo.write({ 'ACTION_PLAN.md': null }).commit();
    const { exitCode, output } = await checkJson(repo);
    expect(exitCode).toBe(1);
    expect(blocking(output)).toContainEqual(['checklist-descoped', 'ACTION_PLAN.md', 1]);
  });
});

describe('what the git source reads for evidence', () => {
  it('reads the repository only when a done item is linked to a rule, within the config', async () => {
    const repo = repoWith({
      'ACTION_PLAN.md': plan('- [x] Write the launch notes'),
      'src/config.ts': KEYED,
      'vendor/sdk.ts': KEYED,
      'node_modules/pkg/index.js': KEYED,
      'logo.png': '\u0000PNG\u0000',
      '.github/readiness.yml': "ignore: ['vendor/**']\n",
    });
    const unlinked = await createGitSource({ repo: repo.dir, base: 'main' }).read();
    expect(unlinked.repository).toEqual({ files: [], truncated: false });
    expect(unlinked.baseChecklists?.map((document) => document.path)).toEqual(['ACTION_PLAN.md']);

    // A committed symbolic link is stored as its target's name: never followed.
    const outside = new GitRepo().write({ 'keys.ts': KEYED });
    symlinkSync(join(outside.dir, 'keys.ts'), join(repo.dir, 'src', 'linked.ts'));
    repo.write({ 'ACTION_PLAN.md': plan('- [x] No hardcoded credentials') }).commit();
    const linked = await createGitSource({ repo: repo.dir, base: 'main' }).read();
    // dev-keys looks at config files, not at documents, ignored, installed, binary or linked files.
    expect((await collect(linked.repository?.files ?? [])).map((file) => file.path)).toEqual([
      '.github/readiness.yml',
      'src/config.ts',
    ]);
    expect(linked.repository?.truncated).toBe(false);
  });

  it('does not read again the files the change showed whole, when the gate says so', async () => {
    const repo = repoWith({
      'ACTION_PLAN.md': plan('- [x] No hardcoded credentials'),
      'src/a.ts': KEYED,
    });
    repo.write({ 'src/b.ts': KEYED, 'src/c.ts': 'export const c = 3;\n' }).commit();
    const source = await createGitSource({ repo: repo.dir, base: 'main' }).read();
    const files = source.repository?.files;
    if (typeof files !== 'function') throw new Error('expected a lazily read repository');
    const entries = await collect(files(new Set(['src/b.ts'])));
    expect(entries).toEqual([
      { path: 'src/a.ts', text: KEYED },
      { path: 'src/b.ts', text: null },
      { path: 'src/c.ts', text: 'export const c = 3;\n' },
    ]);
    // End to end, the gate finds what it finds when it reads every file.
    const outcome = await runGate(source, CHECKS);
    expect(outcome.verdict.evidence?.contradicted).toBe(1);
    expect(outcome.verdict.gate.reasons).not.toContainEqual(expect.stringContaining('Could not'));
  });

  it('says which files the per-file cap left out', async () => {
    const repo = repoWith({ 'ACTION_PLAN.md': plan('- [x] No hardcoded credentials') });
    repo.write({ 'src/big.ts': `${'// padding\n'.repeat(100_000)}${KEYED}` }).commit();
    const { output, stderr } = await checkJson(repo);
    expect(output.evidence.notes).toContainEqual(expect.stringContaining('read only in part'));
    expect(stderr).toContain(
      '1 file(s) over the 1.0 MB limit per file were not read for evidence (src/big.ts)',
    );
  });

  it('stops at the total cap and says how much it left out', async () => {
    const repo = new GitRepo().write({ 'a.ts': '1;\n', 'b.ts': '22;\n', 'c.ts': '333;\n' });
    const read = await readRepositoryWorktree(repo.dir, ['c.ts', 'b.ts', 'a.ts'], {
      maxFileBytes: 1024,
      maxTotalBytes: 8,
    });
    expect(read.files.map((file) => file.path)).toEqual(['a.ts', 'b.ts']);
    expect(read.truncated).toBe(true);
    expect(read.reasons).toEqual([
      'the repository was read for evidence up to the 0.0 MB limit; 1 file(s) were not read (c.ts)',
    ]);
  });
});
