import { CHECKS } from '../checks/index.js';
import { runGate } from '../core/gate/run-gate.js';
import type { CommandResult } from './command-result.js';
import { createConsoleSink } from './create-console-sink.js';
import { createGitSource, WORKTREE } from './create-git-source.js';
import type { OutputFormat } from './render-verdict.js';

export { WORKTREE };
export { renderVerdict, type RenderVerdictOptions } from './render-verdict.js';

export interface CheckOptions {
  repo: string;
  base?: string;
  head?: string;
  phase?: number;
  config?: string;
  format: OutputFormat;
  /** ANSI colour in the text format. */
  color?: boolean;
  /** The package version, for SARIF. */
  version?: string;
  onProgress?: (message: string) => void;
}

/**
 * `readiness-gate check`: the whole gate on a local git repository, as the pipeline every entry
 * point shares: the git source reads, `runGate` judges, the console sink prints.
 */
export async function runCheckCommand(options: CheckOptions): Promise<CommandResult> {
  const source = createGitSource({
    repo: options.repo,
    base: options.base,
    head: options.head,
    phase: options.phase,
    config: options.config,
    onProgress: options.onProgress,
  });
  const snapshot = await source.read();
  const outcome = await runGate(snapshot, CHECKS);
  let stdout = '';
  const sink = createConsoleSink({
    format: options.format,
    write: (text) => {
      stdout += text;
    },
    extra: { base: snapshot.revisions.base, head: snapshot.revisions.head },
    rules: snapshot.rules,
    color: options.color ?? false,
    ...(options.version ? { version: options.version } : {}),
  });
  const exitCode = await sink.publish(outcome);
  const stderr = snapshot.warnings
    .map((warning) => `readiness-gate: warning: ${warning}\n`)
    .join('');
  return { stdout, ...(stderr ? { stderr } : {}), exitCode };
}
