import type { Octokit } from '@octokit/rest';
import type { Logger } from '../logger.js';

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
          await run.octokit.rest.checks.update({
            ...run.repo,
            check_run_id: run.id,
            status: 'completed',
            conclusion: 'failure',
            completed_at: new Date().toISOString(),
            output: {
              title: 'Readiness Gate could not finish',
              summary:
                'The gate failed closed: this evaluation could not be completed. Re-run it with `/readiness` or the **Re-check** button.',
            },
            actions: [
              {
                label: 'Re-check',
                description: 'Evaluate the gate again',
                identifier: 'recheck',
              },
            ],
          });
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
