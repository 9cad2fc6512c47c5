import picomatch from 'picomatch';
import type { FileChange } from '../diff/diff-types.js';
import type { CheckContext, CheckRegistry, CompiledCheck, Finding, Rule } from './rule-types.js';

const ALLOW =
  /readiness:allow\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)(?:\s+--\s*(.*?))?\s*(?:\*\/|-->)?\s*$/;

function allowOn(text: string | undefined, rule: string): { reason: string | null } | null {
  if (!text) return null;
  const match = ALLOW.exec(text);
  if (!match) return null;
  const ids = (match[1] ?? '').split(/\s*,\s*/);
  return ids.includes(rule) ? { reason: match[2]?.trim() || null } : null;
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

/** The line and the one above it at head, to look for `readiness:allow`. */
function headLines(change: FileChange): Map<number, string> {
  const lines = new Map<number, string>();
  if (change.content !== null)
    change.content.split(/\r?\n/).forEach((text, index) => lines.set(index + 1, text));
  else
    for (const line of change.lines) if (line.newLine !== null) lines.set(line.newLine, line.text);
  return lines;
}

export interface EvaluateOptions {
  headPaths?: ReadonlySet<string> | null;
  /** Globs of paths no rule looks at. */
  ignore?: string[];
}

/** Runs every rule on every changed file it applies to: parse → filter by diff → report. */
export function evaluateRules(
  rules: Rule[],
  changes: FileChange[],
  registry: CheckRegistry,
  options: EvaluateOptions = {},
): Finding[] {
  // `s`: a `*` must match a file name holding a newline or a carriage return too, or such a
  // file would escape every rule.
  const globs = { dot: true, flags: 's' };
  const ignored = picomatch(options.ignore?.length ? options.ignore : ['\0'], globs);
  const scanned = changes.filter(
    (change) => !change.binary && change.status !== 'deleted' && !ignored(change.path),
  );
  const context: CheckContext = { headPaths: options.headPaths ?? null, changes };
  const findings: Finding[] = [];
  for (const rule of rules) {
    const definition = registry.get(rule.check.kind);
    if (!definition) continue;
    const compiled = definition.create(rule.check, rule);
    if ('error' in compiled) continue;
    const check: CompiledCheck = compiled;
    const include = picomatch(rule.paths.include, globs);
    const exclude = picomatch(rule.paths.exclude.length ? rule.paths.exclude : ['\0'], globs);
    for (const change of scanned) {
      if (!include(change.path) || exclude(change.path)) continue;
      const raw = check.run(change, context);
      if (raw.length === 0) continue;
      const lines = headLines(change);
      for (const finding of raw) {
        const allow =
          allowOn(lines.get(finding.line), rule.id) ??
          allowOn(lines.get(finding.line - 1), rule.id);
        findings.push({
          rule: rule.id,
          severity: rule.severity,
          phase: rule.phase,
          path: finding.path,
          line: finding.line,
          message: finding.message,
          excerpt: finding.excerpt ?? null,
          suppressed: allow !== null,
          suppression: allow?.reason ?? null,
          waived: false,
          fingerprint: fingerprintOf(
            rule.id,
            finding.path,
            (lines.get(finding.line) ?? finding.message).trim(),
          ),
        });
      }
    }
  }
  return findings.sort(
    (a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.rule.localeCompare(b.rule),
  );
}
