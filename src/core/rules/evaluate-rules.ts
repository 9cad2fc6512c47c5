import type { DiffLine, FileChange } from '../diff/diff-types.js';
import { compileGlob, compileGlobs } from './compile-glob.js';
import { maskSecrets } from './mask-secret.js';
import {
  SEVERITIES,
  type CheckContext,
  type CheckRegistry,
  type CompiledCheck,
  type Finding,
  type RawFinding,
  type Rule,
  type Severity,
} from './rule-types.js';

const MAX_MESSAGE = 1000;

/** Whatever rule reports a line, a credential on it never leaves the core in full. */
function masked(text: string): string {
  return maskSecrets(text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text);
}

/** A check may lower its rule's severity for a milder case, never raise it. */
function milder(rule: Severity, check: Severity | undefined): Severity {
  if (!check) return rule;
  return SEVERITIES.indexOf(check) > SEVERITIES.indexOf(rule) ? check : rule;
}

/** The marker that suppresses a rule on its line or the line below. */
export const ALLOW = 'readiness:allow';
/** A line longer than this carries no suppression: its findings stay (fail closed). */
export const MAX_ALLOW_LINE_LENGTH = 10_000;
// Sticky and unambiguous (ids and separators share no character): linear in the line.
const ALLOW_IDS = /\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/y;

/**
 * `readiness:allow <id>[, <id>...] [-- reason]`, optionally closed by `*\/` or `-->`, at the end
 * of the line. Parsed by hand rather than with one regex: a lazy `(.*?)\s*$` backtracks
 * quadratically on a long line of spaces.
 */
export function allowOn(text: string | undefined, rule: string): { reason: string | null } | null {
  if (!text || text.length > MAX_ALLOW_LINE_LENGTH) return null;
  for (let at = text.indexOf(ALLOW); at !== -1; at = text.indexOf(ALLOW, at + 1)) {
    ALLOW_IDS.lastIndex = at + ALLOW.length;
    const ids = ALLOW_IDS.exec(text);
    if (!ids) continue;
    let list = ids[1] ?? '';
    let tail = text.slice(ALLOW_IDS.lastIndex).trimEnd();
    // `<!-- readiness:allow a-->`: the id took the dashes of the closer.
    if (tail === '>' && list.endsWith('--')) {
      list = list.slice(0, -2);
      tail = '';
    }
    if (tail.endsWith('*/')) tail = tail.slice(0, -2);
    else if (tail.endsWith('-->')) tail = tail.slice(0, -3);
    let reason: string | null = null;
    if (tail.trim() !== '') {
      const dashes = /^\s+--/.exec(tail);
      if (!dashes) continue;
      reason = tail.slice(dashes[0].length).trim() || null;
    }
    return list.split(/\s*,\s*/).includes(rule) ? { reason } : null;
  }
  return null;
}

/** FNV-1a: a short, stable, non-cryptographic hash; it identifies findings, it guards nothing. */
export function fingerprintOf(...parts: string[]): string {
  let hash = 0x811c9dc5;
  for (const char of parts.join('\u0000')) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The lines at head, by number, to look for `readiness:allow` on a finding's line and the one
 * above it: as `content.split(/\r?\n/)` or the diff's new-side lines would give them, found
 * without copying the file (most files get a finding or two).
 */
function headLines(change: FileChange): (line: number) => string | undefined {
  const { content } = change;
  if (content !== null) {
    let starts: number[] | null = null;
    return (line) => {
      if (starts === null) {
        starts = [0];
        for (let at = content.indexOf('\n'); at !== -1; at = content.indexOf('\n', at + 1))
          starts.push(at + 1);
      }
      if (!Number.isInteger(line) || line < 1 || line > starts.length) return undefined;
      const start = starts[line - 1] as number;
      if (line === starts.length) return content.slice(start);
      let end = (starts[line] as number) - 1;
      if (end > start && content.charCodeAt(end - 1) === 13) end--;
      return content.slice(start, end);
    };
  }
  // The new side's lines, in the order of their numbers (a diff's are): found by bisection.
  let numbered: DiffLine[] | null = null;
  let byNumber: Map<number, string> | null = null;
  return (line) => {
    if (numbered === null && byNumber === null) {
      numbered = change.lines.filter((diffLine) => diffLine.newLine !== null);
      if (
        numbered.some((diffLine, at) => at > 0 && diffLine.newLine! <= numbered![at - 1]!.newLine!)
      ) {
        byNumber = new Map(numbered.map((diffLine) => [diffLine.newLine!, diffLine.text]));
        numbered = null;
      }
    }
    if (byNumber !== null) return byNumber.get(line);
    const lines = numbered as DiffLine[];
    let low = 0;
    let high = lines.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = (lines[middle] as DiffLine).newLine as number;
      if (at === line) return (lines[middle] as DiffLine).text;
      if (at < line) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  };
}

export interface EvaluateOptions {
  headPaths?: ReadonlySet<string> | null;
  /** Globs of paths no rule looks at. */
  ignore?: string[];
  /** The repository's migration convention (config `migrations`). */
  migrations?: 'reversible' | 'forward-only';
  /**
   * Where findings go as they are made (then `finish` returns only an empty list): a scan that
   * only counts them need not hold them all.
   */
  onFinding?: (finding: Finding) => void;
}

/** Takes changes one at a time (a source may stream them and drop each one after), then reports. */
export interface RuleEvaluator {
  /** Ids of the rules whose check reads other changes: those judge at the end. */
  readonly crossFile: ReadonlySet<string>;
  /**
   * One change; the rules named in `skip` do not run on it (its findings for them are known
   * already), though it is still seen by the rules that read other changes.
   */
  add(change: FileChange, skip?: ReadonlySet<string>): void;
  /** Judges what waited for every change, and returns every finding, sorted. */
  finish(): Finding[];
}

/** What is kept of a change no check needs to read again: enough to look it up by path. */
function stubOf(change: FileChange): FileChange {
  return {
    path: change.path,
    oldPath: change.oldPath,
    status: change.status,
    binary: change.binary,
    lines: [],
    content: null,
  };
}

const NO_CHANGES: readonly FileChange[] = Object.freeze([]);

interface ActiveRule {
  rule: Rule;
  check: CompiledCheck;
  /** Indexes into the evaluator's distinct globs: any include, and no exclude, matches. */
  include: number[];
  exclude: number[];
}

/**
 * Runs every rule on every changed file it applies to, as the changes arrive: parse → filter by
 * diff → report. A change is judged on arrival and can then be dropped, so memory holds one
 * file, not the whole diff; only a check that reads other changes (`readsOtherChanges`) keeps
 * the changes it names, and judges them at the end, with every change in `context.changes`
 * (the others as path-only stubs).
 */
export function createRuleEvaluator(
  rules: Rule[],
  registry: CheckRegistry,
  options: EvaluateOptions = {},
): RuleEvaluator {
  // Matched like the rules' own globs (`compileGlob`'s options: a `*` matches a newline too).
  const ignored = compileGlobs(options.ignore ?? []);
  // Rules share most of their globs (vendored and generated code, tests): each distinct glob is
  // compiled once and tried at most once per change.
  const globIds = new Map<string, number>();
  const globTests: Array<(path: string) => boolean> = [];
  const idsOf = (patterns: readonly string[]) =>
    patterns.map((pattern) => {
      let id = globIds.get(pattern);
      if (id === undefined) {
        id = globTests.push(compileGlob(pattern)) - 1;
        globIds.set(pattern, id);
      }
      return id;
    });
  const active: ActiveRule[] = [];
  for (const rule of rules) {
    const definition = registry.get(rule.check.kind);
    if (!definition) continue;
    const compiled = definition.create(rule.check, rule);
    if ('error' in compiled) continue;
    active.push({
      rule,
      check: compiled,
      include: idsOf(rule.paths.include),
      exclude: idsOf(rule.paths.exclude),
    });
  }
  const crossFile = active.filter((entry) => entry.check.readsOtherChanges);
  const seen: FileChange[] = [];
  const deferred: Array<{ entry: ActiveRule; change: FileChange }> = [];
  const findings: Finding[] = [];
  const emit = options.onFinding ?? ((finding: Finding) => void findings.push(finding));
  const onArrival: CheckContext = {
    headPaths: options.headPaths ?? null,
    changes: NO_CHANGES,
    ...(options.migrations ? { migrations: options.migrations } : {}),
  };
  // Several rules often report on one file: its lines are indexed once.
  let indexed: { change: FileChange; lines: (line: number) => string | undefined } | null = null;
  const report = (entry: ActiveRule, change: FileChange, raw: RawFinding[]) => {
    if (raw.length === 0) return;
    const { rule } = entry;
    if (indexed?.change !== change) indexed = { change, lines: headLines(change) };
    const { lines } = indexed;
    for (const finding of raw) {
      const allow =
        allowOn(lines(finding.line), rule.id) ?? allowOn(lines(finding.line - 1), rule.id);
      emit({
        rule: rule.id,
        severity: milder(rule.severity, finding.severity),
        phase: rule.phase,
        path: finding.path,
        line: finding.line,
        message: masked(finding.message),
        excerpt:
          finding.excerpt === undefined || finding.excerpt === null
            ? null
            : masked(finding.excerpt),
        suppressed: allow !== null,
        suppression: allow?.reason ?? null,
        waived: false,
        fingerprint: fingerprintOf(
          rule.id,
          finding.path,
          (lines(finding.line) ?? finding.message).trim(),
        ),
      });
    }
  };
  return {
    crossFile: new Set(crossFile.map((entry) => entry.rule.id)),
    add(change, skip) {
      // Asked of every check that reads other changes, once per change, none skipped: a check
      // may note what it needs of a change it does not keep.
      const wanted = new Set<ActiveRule>();
      for (const entry of crossFile) if (entry.check.readsOtherChanges?.(change)) wanted.add(entry);
      seen.push(wanted.size > 0 ? change : stubOf(change));
      if (change.binary || change.status === 'deleted' || ignored(change.path)) return;
      const known = new Int8Array(globTests.length);
      const matches = (id: number) => {
        if (known[id] === 0)
          known[id] = (globTests[id] as (path: string) => boolean)(change.path) ? 1 : 2;
        return known[id] === 1;
      };
      for (const entry of active) {
        if (skip?.has(entry.rule.id)) continue;
        if (!entry.include.some(matches) || entry.exclude.some(matches)) continue;
        if (wanted.has(entry)) deferred.push({ entry, change });
        else report(entry, change, entry.check.run(change, onArrival));
      }
    },
    finish() {
      const atEnd: CheckContext = { ...onArrival, changes: seen };
      for (const { entry, change } of deferred)
        report(entry, change, entry.check.run(change, atEnd));
      deferred.length = 0;
      indexed = null;
      return findings.sort(
        (a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.rule.localeCompare(b.rule),
      );
    },
  };
}

/** Runs every rule on every changed file it applies to (all changes at hand). */
export function evaluateRules(
  rules: Rule[],
  changes: readonly FileChange[],
  registry: CheckRegistry,
  options: EvaluateOptions = {},
): Finding[] {
  const evaluator = createRuleEvaluator(rules, registry, options);
  for (const change of changes) evaluator.add(change);
  return evaluator.finish();
}
