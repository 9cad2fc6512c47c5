import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitSource, WORKTREE } from '../../src/local/create-git-source.js';
import { runCheckCommand } from '../../src/local/run-check-command.js';
import { runChecklistCommand } from '../../src/local/run-checklist-command.js';
import { GitRepo } from '../helpers/git-repo.js';
import { checkJson } from '../helpers/check-json.js';
import { collect } from '../helpers/collect.js';

const GREEN = '# Plan\n\n## Phase 1: Launch\n- [x] Ship it\n';
const KEY = "export const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';\n";

function withPlan(plan = GREEN): GitRepo {
  const repo = new GitRepo().write({ 'ACTION_PLAN.md': plan, 'src/a.ts': '1;\n' }).commit('base');
  repo.git('checkout', '-q', '-b', 'feature');
  return repo;
}

const ODD_NAMES = [
  'src/with space.ts',
  'src/with\ttab.ts',
  'src/with\nnewline.ts',
  'src/with\rreturn.ts',
  'src/with "quotes".ts',
  'src/ünïcödé ✓.ts',
  'src/back\\slash.ts',
  'src/trailing space .ts',
];

describe('the local git source reads exact paths (issue 10 item 15)', () => {
  it('reports a finding at the exact path of every oddly named file', async () => {
    const repo = withPlan();
    repo.write(Object.fromEntries(ODD_NAMES.map((name) => [name, KEY]))).commit();
    const { output } = await checkJson(repo);
    expect(output.findings.map((finding: { path: string }) => finding.path).sort()).toEqual(
      [...ODD_NAMES].sort(),
    );
  });

  it('never lets a file name send escape sequences to the terminal in the text report', async () => {
    const repo = withPlan();
    repo.write({ 'src/\u001b[2J\u001b[31mevil\r.ts': KEY }).commit();
    const { stdout } = await runCheckCommand({ repo: repo.dir, base: 'main', format: 'text' });
    expect(stdout).toContain('src/\\x1b[2J\\x1b[31mevil\\x0d.ts:1');
    expect(stdout).not.toContain('\u001b');
    expect(stdout).not.toContain('\r');
  });

  it('reads each modified file by object id: a newline in a name does not shift contents', async () => {
    const names = ['a\nb.ts', 'a', 'b.ts', 'HEAD:a'];
    const repo = new GitRepo()
      .write(Object.fromEntries(names.map((name) => [name, `// ${JSON.stringify(name)} v1\n`])))
      .commit();
    repo.write(Object.fromEntries(names.map((name) => [name, `// ${JSON.stringify(name)} v2\n`])));
    repo.commit();
    const snapshot = await createGitSource({ repo: repo.dir, base: 'HEAD~1' }).read();
    const contents = Object.fromEntries(
      (await collect(snapshot.changes)).map((c) => [c.path, c.content]),
    );
    expect(contents).toEqual(
      Object.fromEntries(names.map((name) => [name, `// ${JSON.stringify(name)} v2\n`])),
    );
  });

  it('follows a rename of an oddly named file to its exact new path and line', async () => {
    const body = 'export const a = 1;\nexport const b = 2;\nexport const c = 3;\n';
    const repo = withPlan().write({ 'old\tname.ts': body }).commit();
    repo.git('mv', 'old\tname.ts', 'new "name".ts');
    repo.write({ 'new "name".ts': `${body}${KEY}` }).commit();
    const snapshot = await createGitSource({ repo: repo.dir, base: 'HEAD~1' }).read();
    expect(await collect(snapshot.changes)).toContainEqual(
      expect.objectContaining({
        path: 'new "name".ts',
        oldPath: 'old\tname.ts',
        status: 'renamed',
      }),
    );
  });
});

describe('the working tree and the user git config (issue 10 item 16)', () => {
  it('includes untracked files with --head WORKTREE, without staging them', async () => {
    const repo = withPlan().write({ 'src/untracked new.ts': KEY });
    const { output } = await checkJson(repo, { head: WORKTREE });
    expect(output.findings).toMatchObject([{ rule: 'dev-keys', path: 'src/untracked new.ts' }]);
    expect(repo.git('status', '--porcelain')).toBe('?? "src/untracked new.ts"\n');
  });

  it('never reads a checklist or a scanned file through a symlink out of the repository', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'rg-outside-'));
    writeFileSync(join(outside, 'plan.md'), GREEN);
    writeFileSync(join(outside, 'secret.ts'), `1;\n${KEY}`);
    const repo = new GitRepo().write({ 'src/a.ts': '1;\n' }).commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    symlinkSync(join(outside, 'plan.md'), join(repo.dir, 'ACTION_PLAN.md'));
    repo.write({ 'src/a.ts': null });
    symlinkSync(join(outside, 'secret.ts'), join(repo.dir, 'src/a.ts'));
    const snapshot = await createGitSource({ repo: repo.dir, base: 'main', head: WORKTREE }).read();
    expect(snapshot.checklists).toEqual([]);
    expect(snapshot.unreadable).toEqual([
      'ACTION_PLAN.md (a symbolic link, which the gate does not follow)',
    ]);
    const texts = (await collect(snapshot.changes)).flatMap((change) => [
      change.content ?? '',
      ...change.lines.map((line) => line.text),
    ]);
    expect(texts.join('\n')).not.toContain('sk_live');
    const { exitCode, output } = await checkJson(repo, { head: WORKTREE });
    expect(exitCode).toBe(1);
    expect(output.gate.reasons[0]).toMatch(/^Could not read ACTION_PLAN\.md \(a symbolic link/);
  });

  it('keeps exact paths and lines whatever the user git config says', async () => {
    const repo = withPlan()
      .write({ 'src/blank lines.ts': '1;\n\n\n2;\n\n\n3;\n', 'ünï.ts': '1;\n' })
      .commit();
    for (const [key, value] of [
      ['diff.mnemonicPrefix', 'true'],
      ['diff.noprefix', 'true'],
      ['diff.suppressBlankEmpty', 'true'],
      ['diff.external', 'false'],
      ['core.quotePath', 'true'],
      ['diff.renames', 'false'],
    ])
      repo.git('config', key as string, value as string);
    repo.write({ 'src/blank lines.ts': `1;\n\n\n2;\n${KEY}\n\n3;\n`, 'ünï.ts': `1;\n${KEY}` });
    repo.commit();
    const { output } = await checkJson(repo, {});
    const worktree = await checkJson(repo.write({ 'src/blank lines.ts': `${KEY}1;\n` }), {
      head: WORKTREE,
    });
    expect(output.findings.map((f: { path: string; line: number }) => [f.path, f.line])).toEqual([
      ['src/blank lines.ts', 5],
      ['ünï.ts', 2],
    ]);
    expect(worktree.output.findings.map((f: { path: string }) => f.path)).toEqual([
      'src/blank lines.ts',
      'ünï.ts',
    ]);
  });
});

describe('a checked-out change cannot hide from the gate', () => {
  it('ignores a `.gitattributes` of the change that marks every file binary', async () => {
    const repo = withPlan().write({ '.gitattributes': '* -diff\n', 'src/a.ts': `1;\n${KEY}` });
    repo.commit();
    const { exitCode, output } = await checkJson(repo);
    expect(output.findings).toMatchObject([{ rule: 'dev-keys', path: 'src/a.ts', line: 2 }]);
    expect(output.notScanned).toEqual([]);
    expect(exitCode).toBe(1);
  });
});

describe('clear refusals on odd input (issue 10 item 17, issue 12 item 5)', () => {
  it('refuses a --base or --head that starts with "-"', async () => {
    const repo = withPlan();
    await expect(checkJson(repo, { base: '--output=/tmp/x' })).rejects.toThrow(
      'unexpected --base --output=/tmp/x, expected a revision (it cannot start with "-")',
    );
    await expect(checkJson(repo, { head: '-p' })).rejects.toThrow(/unexpected --head -p/);
  });

  it('says an empty repository has no commits, and a single commit has nothing to compare', async () => {
    const repo = new GitRepo();
    await expect(createGitSource({ repo: repo.dir }).read()).rejects.toThrow(/has no commits yet/);
    repo.write({ 'a.ts': '1;\n' }).commit();
    await expect(createGitSource({ repo: repo.dir }).read()).rejects.toThrow(
      'this repository has a single commit and no other branch to compare with: pass --base REF',
    );
  });

  it('says a --repo that does not exist does not exist', async () => {
    await expect(createGitSource({ repo: '/nonexistent/repo' }).read()).rejects.toThrow(
      'cannot use --repo /nonexistent/repo: no such directory',
    );
    const plain = mkdtempSync(join(tmpdir(), 'rg-plain-'));
    await expect(createGitSource({ repo: plain }).read()).rejects.toThrow(
      /not inside a git working tree/,
    );
  });

  it('refuses an empty diff in a shallow clone instead of passing silently', async () => {
    const origin = withPlan().write({ 'src/b.ts': KEY }).commit();
    const clone = mkdtempSync(join(tmpdir(), 'rg-shallow-'));
    origin.git('clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin.dir}`, clone);
    await expect(createGitSource({ repo: clone, base: 'HEAD' }).read()).rejects.toThrow(
      /has no changes in a shallow clone.*fetch more history/,
    );
    await expect(createGitSource({ repo: clone }).read()).rejects.toThrow(
      /shallow clone.*fetch more history/,
    );
  });
});

describe('readiness documents are read whole or reported (issue 10 item 18)', () => {
  it('decodes a UTF-16 document with a byte-order mark', async () => {
    const repo = new GitRepo().write({ 'src/a.ts': '1;\n' }).commit();
    writeFileSync(
      join(repo.dir, 'ACTION_PLAN.md'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GREEN, 'utf16le')]),
    );
    repo.commit();
    const { exitCode, output } = await checkJson(repo, { base: 'HEAD~1' });
    expect(output.documents[0].items).toMatchObject([{ text: 'Ship it', state: 'done' }]);
    expect(exitCode).toBe(0);
  });

  it('reports a document over the size cap as not read, with the reason, and fails', async () => {
    const repo = withPlan(`${GREEN}\n${'Filler prose line.\n'.repeat(1_000_000)}`)
      .write({ 'src/b.ts': '2;\n' })
      .commit();
    const { exitCode, output } = await checkJson(repo);
    expect(exitCode).toBe(1);
    expect(output.documents).toEqual([]);
    expect(output.unreadable).toEqual(['ACTION_PLAN.md (18.1 MB, over the 16.0 MB limit)']);
  });

  it('refuses an oversize document in the checklist command too, with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rg-big-'));
    writeFileSync(join(dir, 'BIG_READINESS.md'), `${GREEN}${'x'.repeat(17 * 1024 * 1024)}\n`);
    await expect(
      runChecklistCommand(['BIG_READINESS.md'], { json: true, cwd: dir }),
    ).rejects.toThrow(
      'cannot read BIG_READINESS.md: 17.0 MB, over the 16 MB limit for a readiness document',
    );
  });
});

describe('the change is streamed file by file (issue 11 item 3)', () => {
  it('hands each changed file over once, in order, with its kind settled as it streams', async () => {
    const repo = new GitRepo()
      .write({ 'a.ts': 'export const a = 1;\n', 'm.ts': 'let m = 1;\n', 'z.ts': '1;\n' })
      .commit();
    // a.ts becomes a symbolic link (two patch sections for one file), b.bin is binary, m.ts is
    // modified (read whole beside the patch), z.ts is deleted and zz.ts added after them all.
    repo.git('rm', '-q', 'a.ts');
    symlinkSync('m.ts', join(repo.dir, 'a.ts'));
    writeFileSync(join(repo.dir, 'b.bin'), Buffer.from([0, 1, 2, 0, 255]));
    repo.write({ 'm.ts': 'let m = 2;\n', 'z.ts': null, 'zz.ts': `${KEY}` }).commit();
    const snapshot = await createGitSource({ repo: repo.dir, base: 'HEAD~1' }).read();
    expect(Array.isArray(snapshot.changes)).toBe(false);
    // Files the gate could not scan are known once the stream has been read.
    expect(snapshot.notScanned).toEqual([]);
    const changes = await collect(snapshot.changes);
    expect(changes.map((change) => [change.path, change.status, change.binary])).toEqual([
      ['a.ts', 'modified', false],
      ['b.bin', 'added', true],
      ['m.ts', 'modified', false],
      ['z.ts', 'deleted', false],
      ['zz.ts', 'added', false],
    ]);
    expect(changes.find((change) => change.path === 'm.ts')?.content).toBe('let m = 2;\n');
    expect(snapshot.notScanned).toEqual([{ path: 'b.bin', reason: 'binary', kind: 'binary' }]);
    const report = await checkJson(repo, { base: 'HEAD~1' });
    expect(report.output.findings).toMatchObject([{ rule: 'dev-keys', path: 'zz.ts', line: 1 }]);
  });
});
