const CODE_SPAN = /`([^`\n]{1,300})`/g;
const LINK_TARGET = /\]\(\s*<?([^)\s>]{1,300})>?(?:\s+"[^"]*")?\s*\)/g;
const SEGMENT = /^[\w.@+-]+$/;
const FILE_EXTENSION =
  /\.(?:md|mdx|txt|rst|sh|bash|ps1|py|rb|go|rs|java|kt|js|mjs|cjs|ts|tsx|jsx|json|ya?ml|toml|ini|cfg|conf|sql|env|lock|html|css|scss|tf|hcl|proto|graphql|xml|csv|dockerfile)$/i;

function isRepositoryPath(candidate: string): boolean {
  if (candidate.length === 0 || candidate.length > 300) return false;
  // URLs, absolute system paths, home paths, variables, flags: not files of the repository.
  if (/^[a-z][a-z0-9+.-]*:/i.test(candidate) || /^[/~$\\-]/.test(candidate)) return false;
  if (/[*?[\]{}<>|=,;'"]|\s/.test(candidate)) return false;
  const segments = candidate.replace(/\/$/, '').split('/');
  if (!segments.every((segment) => segment === '..' || segment === '.' || SEGMENT.test(segment)))
    return false;
  const last = segments.at(-1) ?? '';
  // One word is a file only with a known extension ("README.md", not "process.env" or "v1.2").
  if (segments.length === 1) return FILE_EXTENSION.test(last) || /^Dockerfile$/.test(last);
  return /^[\w.@-]+$/.test(segments[0] ?? '') && !/^\d+(?:\.\d+)*$/.test(last);
}

function normalise(path: string, base: string): string | null {
  const parts = base === '' ? [] : base.split('/');
  for (const segment of path.replace(/\/$/, '').split('/')) {
    if (segment === '.' || segment === '') continue;
    if (segment === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(segment);
  }
  return parts.join('/');
}

/**
 * The repository paths a line of a checklist names: code spans (read from the repository's
 * root) and link targets (read from the document's folder). URLs, absolute paths, globs and
 * commands are not paths; each result says where it was found.
 */
export function extractRepositoryPaths(
  line: string,
  documentPath: string,
): Array<{ path: string; from: 'code' | 'link' }> {
  const folder = documentPath.includes('/')
    ? documentPath.slice(0, documentPath.lastIndexOf('/'))
    : '';
  const found: Array<{ path: string; from: 'code' | 'link' }> = [];
  const seen = new Set<string>();
  const add = (path: string | null, from: 'code' | 'link') => {
    if (path && !seen.has(path)) {
      seen.add(path);
      found.push({ path, from });
    }
  };
  for (const match of line.matchAll(CODE_SPAN)) {
    const candidate = (match[1] ?? '').trim();
    if (isRepositoryPath(candidate)) add(normalise(candidate, ''), 'code');
  }
  for (const match of line.matchAll(LINK_TARGET)) {
    const target = match[1] ?? '';
    const query = target.search(/[#?]/);
    const candidate = query === -1 ? target : target.slice(0, query);
    if (isRepositoryPath(candidate)) add(normalise(candidate, folder), 'link');
  }
  return found;
}
