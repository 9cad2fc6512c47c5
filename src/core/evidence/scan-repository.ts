import type { DiffLine, FileChange } from '../diff/diff-types.js';
import type { RepositoryEntry, RepositoryFile } from '../gate/gate-snapshot.js';
import { createRuleEvaluator } from '../rules/evaluate-rules.js';
import type { CheckRegistry, Finding, Rule } from '../rules/rule-types.js';
import type { RuleViolations } from './evidence-types.js';

function asAddedFile(path: string, text: string): FileChange {
  const lines: DiffLine[] = [];
  let start = 0;
  let number = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line =
      text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    if (!(end === text.length && line === '' && number > 1))
      lines.push({ kind: 'add', text: line, oldLine: null, newLine: number });
    number++;
    start = end + 1;
  }
  return { path, oldPath: null, status: 'added', binary: false, lines, content: text };
}

/** How many lines `asAddedFile` makes of a text, without making them. */
function countLines(text: string): number {
  let count = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return text.endsWith('\n') && text.length > 0 ? count - 1 : count;
}

/**
 * Files the diff already showed whole (added in the change, every line read), with the
 * findings the same rules gave on them there: scanning them again would find the same.
 */
export interface ScannedInDiff {
  /** Path → the number of lines the diff showed; a file whose text differs is scanned again. */
  lines: ReadonlyMap<string, number>;
  findings: readonly Finding[];
}

const byPath = (a: { path: string }, b: { path: string }) =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : 0;

async function* inOrder(
  files: ReadonlyArray<RepositoryFile> | AsyncIterable<RepositoryFile>,
): AsyncIterable<RepositoryFile> {
  if (Symbol.asyncIterator in files) yield* files;
  else yield* [...files].sort(byPath);
}

/** The repository at head as a snapshot gives it (see `GateSnapshot.repository.files`). */
export type RepositoryFiles =
  | ReadonlyArray<RepositoryFile>
  | AsyncIterable<RepositoryFile>
  | ((shownWhole: ReadonlySet<string>) => AsyncIterable<RepositoryEntry>);

function entriesOf(
  files: RepositoryFiles,
  shownWhole: ReadonlySet<string>,
): AsyncIterable<RepositoryEntry> {
  return typeof files === 'function' ? files(shownWhole) : inOrder(files);
}

export interface RepositoryScan {
  /** Per rule, the unsuppressed findings' count and first locations. */
  violations: Map<string, RuleViolations>;
  /** Files the source gave without their text that the diff had not shown whole: unscanned. */
  unread: string[];
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Runs rules over every file of the repository at head, as if each file were added whole, and
 * keeps per rule the number of unsuppressed findings and the first few locations. Files go
 * through one at a time, and a streamed repository is scanned as it is read, so memory stays
 * bounded by a file, whatever the repository's size. A file the diff showed whole is not
 * scanned again by the rules that judge files one at a time: their diff findings count; when
 * every rule does, a source that can is told those paths and does not read them at all.
 */
export async function scanRepository(
  rules: Rule[],
  files: RepositoryFiles,
  registry: CheckRegistry,
  options: {
    ignore?: string[];
    headPaths?: ReadonlySet<string> | null;
    maxLocations?: number;
    scannedInDiff?: ScannedInDiff | null;
  } = {},
): Promise<RepositoryScan> {
  const found = new Map<string, RuleViolations>(
    rules.map((rule) => [rule.id, { rule: rule.id, count: 0, locations: [] }]),
  );
  const unread: string[] = [];
  if (rules.length === 0) return { violations: found, unread };
  const maxLocations = options.maxLocations ?? 5;
  // The first locations in (path, line) order, as a scan in path order meets them.
  const record = (finding: Finding) => {
    if (finding.suppressed) return;
    const entry = found.get(finding.rule);
    if (!entry) return;
    entry.count++;
    const location = { path: finding.path, line: finding.line, excerpt: finding.excerpt };
    const at = entry.locations.findIndex(
      (other) =>
        byPath(location, other) < 0 || (other.path === location.path && location.line < other.line),
    );
    if (at === -1) {
      if (entry.locations.length < maxLocations) entry.locations.push(location);
      return;
    }
    entry.locations.splice(at, 0, location);
    if (entry.locations.length > maxLocations) entry.locations.pop();
  };
  const ignore = options.ignore ?? [];
  let headPaths = options.headPaths ?? null;
  // Without the paths at head from the source, they are the files' own: all known first.
  let read: RepositoryEntry[] | null = null;
  if (!headPaths) {
    read = [];
    for await (const file of entriesOf(files, NONE)) read.push(file);
    headPaths = new Set(read.map((file) => file.path));
  }
  // One file at a time, findings counted as they come, never held.
  const evaluator = createRuleEvaluator(rules, registry, { headPaths, ignore, onFinding: record });
  // A file the diff showed whole keeps the diff's findings of the rules that judge one file at
  // a time; only the rules that read other files look at it again.
  const reused = options.scannedInDiff ?? null;
  const alone = new Set(
    reused ? rules.map((rule) => rule.id).filter((id) => !evaluator.crossFile.has(id)) : [],
  );
  const reusedFindings = new Map<string, Finding[]>();
  for (const finding of reused?.findings ?? [])
    if (alone.has(finding.rule)) {
      const list = reusedFindings.get(finding.path);
      if (list) list.push(finding);
      else reusedFindings.set(finding.path, [finding]);
    }
  // When no rule reads other files, a file the diff showed whole need not be read at all.
  const unneeded: ReadonlySet<string> =
    reused && alone.size > 0 && evaluator.crossFile.size === 0
      ? new Set(reused.lines.keys())
      : NONE;
  for await (const file of read ?? entriesOf(files, unneeded)) {
    if (file.text === null) {
      // The source took the diff's word for it; a path the diff did not show whole is unscanned.
      if (!unneeded.has(file.path)) unread.push(file.path);
      else for (const finding of reusedFindings.get(file.path) ?? []) record(finding);
      continue;
    }
    const shown = reused?.lines.get(file.path);
    if (alone.size > 0 && shown !== undefined && shown === countLines(file.text)) {
      for (const finding of reusedFindings.get(file.path) ?? []) record(finding);
      if (evaluator.crossFile.size > 0) evaluator.add(asAddedFile(file.path, file.text), alone);
    } else evaluator.add(asAddedFile(file.path, file.text));
  }
  evaluator.finish();
  return { violations: found, unread };
}
