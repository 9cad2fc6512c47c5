import type { DiffLine, FileChange } from '../diff/diff-types.js';
import { evaluateRules } from '../rules/evaluate-rules.js';
import type { CheckRegistry, Rule } from '../rules/rule-types.js';
import type { RuleViolations } from './evidence-types.js';

/** Files are scanned in batches of about this many characters: bounded memory, few compiles. */
const BATCH_CHARS = 4 * 1024 * 1024;

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

/**
 * Runs rules over every file of the repository at head, as if each file were added whole, and
 * keeps per rule the number of unsuppressed findings and the first few locations. Files go
 * through in batches so that memory stays bounded by a batch, whatever the repository's size.
 */
export function scanRepository(
  rules: Rule[],
  files: ReadonlyArray<{ path: string; text: string }>,
  registry: CheckRegistry,
  options: {
    ignore?: string[];
    headPaths?: ReadonlySet<string> | null;
    maxLocations?: number;
  } = {},
): Map<string, RuleViolations> {
  const found = new Map<string, RuleViolations>(
    rules.map((rule) => [rule.id, { rule: rule.id, count: 0, locations: [] }]),
  );
  if (rules.length === 0) return found;
  const maxLocations = options.maxLocations ?? 5;
  const ordered = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const headPaths = options.headPaths ?? new Set(ordered.map((file) => file.path));
  let batch: FileChange[] = [];
  let size = 0;
  const flush = () => {
    if (batch.length === 0) return;
    const findings = evaluateRules(rules, batch, registry, {
      headPaths,
      ignore: options.ignore ?? [],
    });
    for (const finding of findings) {
      if (finding.suppressed) continue;
      const entry = found.get(finding.rule);
      if (!entry) continue;
      entry.count++;
      if (entry.locations.length < maxLocations)
        entry.locations.push({ path: finding.path, line: finding.line, excerpt: finding.excerpt });
    }
    batch = [];
    size = 0;
  };
  for (const file of ordered) {
    batch.push(asAddedFile(file.path, file.text));
    size += file.text.length;
    if (size >= BATCH_CHARS) flush();
  }
  flush();
  return found;
}
