import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { deriveBaseTree, type TreeEntry } from '../../src/local/derive-base-tree.js';
import { parseGitRaw } from '../../src/local/parse-git-raw.js';
import { GitRepo } from '../helpers/git-repo.js';

/** `git ls-tree -r -l` of a commit, as the source reads it. */
function lsTree(repo: GitRepo, rev: string): Map<string, TreeEntry> {
  const tree = new Map<string, TreeEntry>();
  for (const record of repo.git('ls-tree', '-r', '-z', '-l', '--full-tree', rev).split('\0')) {
    const tab = record.indexOf('\t');
    if (tab === -1) continue;
    const [mode, , id, size] = record.slice(0, tab).split(/ +/);
    tree.set(record.slice(tab + 1), { mode: mode ?? '', id: id ?? '', size: Number(size) || 0 });
  }
  return tree;
}

describe('deriveBaseTree', () => {
  it('gives the base tree git lists, from the tree at head and the raw diff', () => {
    const long = Array.from({ length: 40 }, (_, index) => `line ${index} of a long file\n`).join(
      '',
    );
    const repo = new GitRepo()
      .write({
        'keep.md': '# Plan\n',
        'edit.md': 'v1\n',
        'gone.md': 'bye\n',
        'old name.md': long,
        'link.md': 'a file, then a link\n',
        'dir/a.ts': 'a\n',
      })
      .commit();
    repo.git('rm', '-q', 'link.md');
    symlinkSync('keep.md', join(repo.dir, 'link.md'));
    repo.git('mv', 'old name.md', 'new\tname.md');
    repo.write({ 'edit.md': 'v2\n', 'gone.md': null, 'new.md': 'hello\n', 'dir/b.ts': 'b\n' });
    repo.commit();
    const raw = parseGitRaw(
      repo.git('diff', '--raw', '-z', '--no-abbrev', '-M', 'HEAD~1', 'HEAD').split('\0'),
    );
    expect(raw.map((entry) => entry.status).sort()).toEqual(['A', 'A', 'D', 'M', 'R', 'T']);
    const derived = deriveBaseTree(lsTree(repo, 'HEAD'), raw);
    const listed = lsTree(repo, 'HEAD~1');
    // Sizes of what the change touched are not known without reading them.
    const withoutSizes = (tree: Map<string, TreeEntry>) =>
      [...tree].map(([path, entry]) => [path, entry.mode, entry.id]).sort();
    expect(withoutSizes(derived)).toEqual(withoutSizes(listed));
    expect(derived.get('keep.md')?.size).toBe(listed.get('keep.md')?.size);
    expect(derived.get('edit.md')?.size).toBe(-1);
  });
});
