/**
 * Why the CLI judges a config without what it `_extends`: every form names another repository
 * (`.github`, `owner/repo`, `owner/repo:path`), which only the App (or `check --pr`, with a token)
 * can read. Null when the config extends nothing.
 */
export function describeExtends(target: string | null, shown: string): string | null {
  if (target === null) return null;
  return `${shown}: \`_extends: ${target}\` is not followed by the local CLI: it names another repository, which needs the GitHub API and a token; the App applies it. This run uses ${shown} alone, so inherited rules and settings are missing.`;
}
