export interface PrRef {
  owner: string;
  repo: string;
  number: number;
}

/** `owner/repo#12` or `https://github.com/owner/repo/pull/12` (any host, for GHES). */
export function parsePrRef(text: string): PrRef | null {
  const short = /^([\w.-]+)\/([\w.-]+)#(\d+)$/.exec(text.trim());
  const url = /^https?:\/\/[^/]+\/([\w.-]+)\/([\w.-]+)\/pull\/(\d+)(?:[/?#].*)?$/.exec(text.trim());
  const match = short ?? url;
  if (!match) return null;
  return { owner: match[1] as string, repo: match[2] as string, number: Number(match[3]) };
}
