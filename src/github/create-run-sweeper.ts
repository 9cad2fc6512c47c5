import type { Octokit } from '@octokit/rest';
import type { Logger } from '../logger.js';
import { concludeUnfinishedRun, RECHECK_ACTIONS } from './conclude-unfinished-run.js';

interface Pending {
  octokit: Octokit;
  repo: { owner: string; repo: string };
  id: number;
  attempts: number;
}

export interface RunSweeper {
  remember(octokit: Octokit, repo: { owner: string; repo: string }, id: number): void;
  forget(id: number): void;
  /** Concludes every remembered run still open; returns how many it concluded. */
  sweep(): Promise<number>;
  size(): number;
}

/**
 * Check runs this App created `in_progress` and has not concluded yet. A run is never left
 * `in_progress`: if its evaluation could not conclude it, the sweep concludes it as a failure
 * that says how to re-run.
 */
export function createRunSweeper(log: Logger, maxAttempts = 5): RunSweeper {
  const pending = new Map<number, Pending>();
  let sweeping: Promise<number> | null = null;
  return {
    remember: (octokit, repo, id) => void pending.set(id, { octokit, repo, id, attempts: 0 }),
    forget: (id) => void pending.delete(id),
    size: () => pending.size,
    sweep() {
      // One sweep at a time, however many evaluations ask for one.
      return (sweeping ??= sweepOnce().finally(() => {
        sweeping = null;
      }));
    },
  };
  async function sweepOnce(): Promise<number> {
    let concluded = 0;
    await Promise.all(
      [...pending.values()].map(async (run) => {
        try {
          await concludeUnfinishedRun(
            run.octokit,
            run.repo,
            run.id,
            'The gate failed closed: this evaluation could not be completed. Re-run it with `/readiness` or the **Re-check** button.',
            RECHECK_ACTIONS,
          );
          pending.delete(run.id);
          concluded++;
        } catch (error) {
          if (++run.attempts >= maxAttempts) pending.delete(run.id);
          log.warn(
            { run: run.id, err: (error as Error).message },
            'stale check run not concluded yet',
          );
        }
      }),
    );
    return concluded;
  }
}
