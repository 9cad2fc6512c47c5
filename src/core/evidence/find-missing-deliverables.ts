import type { ChecklistDocument } from '../checklist/checklist-types.js';
import type { Finding, Rule } from '../rules/rule-types.js';
import { extractRepositoryPaths } from './extract-repository-paths.js';
import { makeEvidenceFinding } from './make-evidence-finding.js';

const MAX_LINE = 4000;

/**
 * A done item that names a repository path that does not exist at head is claimed, not true
 * (`deliverable-missing`). A path in backticks counts as found when it exists from the root or
 * from the document's folder, or as the tail of a path at head (`config/dev.ts` for
 * `src/config/dev.ts`); a link is resolved from the document's folder. A folder exists when a
 * file lies under it.
 */
export function findMissingDeliverables(input: {
  documents: readonly ChecklistDocument[];
  /** The source text of each document at head, by path, to read the item's whole line. */
  texts: ReadonlyMap<string, string>;
  headPaths: ReadonlySet<string>;
  rule: Rule;
  phase: number;
}): Finding[] {
  const files = input.headPaths;
  const folders = new Set<string>();
  const tails = new Set<string>();
  for (const path of input.headPaths) {
    const parts = path.split('/');
    for (let index = 1; index < parts.length; index++) {
      folders.add(parts.slice(0, index).join('/'));
      tails.add(parts.slice(index).join('/'));
    }
  }
  const exists = (path: string) => files.has(path) || folders.has(path);
  const findings: Finding[] = [];
  for (const document of input.documents) {
    const text = input.texts.get(document.path);
    if (text === undefined) continue;
    const lines = text.split(/\r\n|\r|\n/);
    const folder = document.path.includes('/')
      ? document.path.slice(0, document.path.lastIndexOf('/') + 1)
      : '';
    for (const item of document.items) {
      if (item.state !== 'done') continue;
      const line = lines[item.line - 1] ?? item.text;
      // Paths are looked for in lines of a sane length only: the scan stays linear.
      if (line.length > MAX_LINE) continue;
      const missing = extractRepositoryPaths(line, document.path).filter(
        ({ path, from }) =>
          !exists(path) && !(from === 'code' && (exists(`${folder}${path}`) || tails.has(path))),
      );
      if (missing.length === 0) continue;
      const names = missing.map(({ path }) => `\`${path}\``).join(', ');
      findings.push(
        makeEvidenceFinding({
          rule: input.rule,
          path: document.path,
          line: item.line,
          subject: `${item.text}\u0000${names}`,
          message: `Claimed, not true: “${item.text}” is marked done, but ${names} ${missing.length === 1 ? 'does' : 'do'} not exist at head; expected the deliverable in the repository`,
          inGatingPhase: item.phase === input.phase,
        }),
      );
    }
  }
  return findings;
}
