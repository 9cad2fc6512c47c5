export interface SharedHeadEntry {
  number: number;
  base: string;
  conclusion: 'success' | 'failure';
  title: string;
}

export interface SharedHeads {
  /** Records a PR's result on a head SHA; returns every PR's latest result on that SHA. */
  record(
    repo: { owner: string; repo: string },
    sha: string,
    entry: SharedHeadEntry,
  ): SharedHeadEntry[];
}

/**
 * The results of the open PRs that share a head SHA. GitHub has one `Readiness Gate` run per
 * SHA that branch protection reads, whichever base it was evaluated against: that run carries
 * the strictest result of them all. Bounded: the oldest SHAs are forgotten first.
 */
export function createSharedHeads(limit = 10_000): SharedHeads {
  const bySha = new Map<string, Map<number, SharedHeadEntry>>();
  return {
    record(repo, sha, entry) {
      const key = `${repo.owner}/${repo.repo}@${sha}`;
      const entries = bySha.get(key) ?? new Map<number, SharedHeadEntry>();
      bySha.delete(key);
      entries.set(entry.number, entry);
      bySha.set(key, entries);
      if (bySha.size > limit) bySha.delete(bySha.keys().next().value as string);
      return [...entries.values()].sort((a, b) => a.number - b.number);
    },
  };
}
