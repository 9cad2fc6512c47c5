import { CliError } from './cli-error.js';

/** One entry of `git diff --raw -z`: exact paths, modes and object ids. */
export interface RawEntry {
  status: string;
  oldMode: string;
  newMode: string;
  oldId: string;
  newId: string;
  path: string;
  oldPath: string | null;
}

/**
 * Reads `git diff --raw -z --no-abbrev` records: `:mode mode id id status` NUL path NUL, and a
 * second path for renames and copies. Names are taken byte for byte, whatever they hold.
 */
export function parseGitRaw(fields: string[]): RawEntry[] {
  const entries: RawEntry[] = [];
  for (let i = 0; i < fields.length;) {
    const meta = fields[i++] as string;
    if (meta === '') continue;
    const match = /^:(\d+) (\d+) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])\d*$/.exec(meta);
    if (!match)
      throw new CliError(`Unexpected git diff --raw record ${JSON.stringify(meta.slice(0, 80))}`);
    const status = match[5] as string;
    const first = fields[i++] as string;
    const second = status === 'R' || status === 'C' ? (fields[i++] as string) : null;
    entries.push({
      status,
      oldMode: match[1] as string,
      newMode: match[2] as string,
      oldId: match[3] as string,
      newId: match[4] as string,
      path: second ?? first,
      oldPath: second === null ? null : first,
    });
  }
  return entries;
}
