import picomatch from 'picomatch';
import type { ChecklistDocument, ChecklistOptions, ParseError } from './checklist-types.js';
import { computeVerdict, gatingPhase, type Verdict } from './compute-verdict.js';
import type { GateConfig } from './config-types.js';
import { ALWAYS_IGNORED, DEFAULT_CHECKLIST_GLOBS } from './default-checklist-globs.js';
import type { FileChange } from './diff-types.js';
import { evaluateRules } from './evaluate-rules.js';
import { parseChecklist } from './parse-checklist.js';
import type { Rule, ValidationError } from './rule-types.js';

/** Which paths at head are the gate's checklists: the config's, else the default names. */
export function selectChecklistPaths(config: GateConfig, paths: Iterable<string>): string[] {
  const patterns = config.checklists.length > 0 ? config.checklists : DEFAULT_CHECKLIST_GLOBS;
  const match = picomatch(patterns, {
    nocase: config.checklists.length === 0,
    dot: true,
    ignore: ALWAYS_IGNORED,
  });
  return [...paths].filter((path) => match(path)).sort();
}

export interface GateInput {
  config: GateConfig;
  rules: Rule[];
  changes: FileChange[];
  headPaths: ReadonlySet<string> | null;
  checklists: Array<{ path: string; text: string }>;
  /** The PR's target branch, to pick the gating phase. */
  branch: string | null;
  phase?: number;
  /** Problems found outside the checklists (config or rule files changed by the PR). */
  errors?: ValidationError[];
}

/** The whole gate on plain data, the same behind the CLI and the App. */
export function runGate(input: GateInput): Verdict {
  const options: Partial<ChecklistOptions> = {
    ...(input.config.phasePattern ? { phasePattern: input.config.phasePattern } : {}),
    ...(input.config.outOfScope ? { outOfScopeTitles: input.config.outOfScope } : {}),
  };
  const documents: ChecklistDocument[] = [];
  const parseErrors: ParseError[] = [];
  for (const { path, text } of input.checklists) {
    const result = parseChecklist(text, path, options);
    documents.push(result.document);
    parseErrors.push(...result.errors);
  }
  const findings = evaluateRules(input.rules, input.changes, {
    headPaths: input.headPaths,
    ignore: input.config.ignore,
  });
  return computeVerdict({
    documents,
    findings,
    errors: [...(input.errors ?? []), ...parseErrors.map((error) => ({ ...error, column: 1 }))],
    phase: input.phase ?? gatingPhase(input.config, input.branch),
    untracked: input.config.untracked,
  });
}
