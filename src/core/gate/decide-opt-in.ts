import type { GateConfig } from '../config/config-types.js';

export type OptInDecision = 'evaluate' | 'skip' | 'neutral';

export interface OptInInput {
  /**
   * Whether the head has a readiness document (a pull request may add the first one); null
   * when the source could not tell.
   */
  hasDocument: boolean | null;
  /** Whether the repository has a config of its own on the base branch; null when unknown. */
  hasConfig: boolean | null;
  /** From the organisation-wide config when there is one; `skip` otherwise. */
  whenUnconfigured?: GateConfig['whenUnconfigured'];
}

/** The neutral check run's output, so every entry point words it the same way. */
export const UNCONFIGURED_OUTPUT = {
  title: 'Not configured: no readiness document and no .github/readiness.yml',
  summary:
    'This repository has no production-readiness document and no `.github/readiness.yml`, so the gate has nothing to check. Add a readiness document (`readiness-gate init` writes a starter) or a config to turn it on.',
} as const;

/**
 * Installing the App across an organisation must not paint every repository red: a repository
 * opts in by having a readiness document or a config. Unknown counts as opted in, so a failed
 * read ends in an evaluation that fails closed rather than in silence.
 */
export function decideOptIn(input: OptInInput): OptInDecision {
  if (input.hasDocument !== false || input.hasConfig !== false) return 'evaluate';
  return input.whenUnconfigured ?? 'skip';
}
