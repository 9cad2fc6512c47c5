import type { Octokit } from '@octokit/rest';
import type { Probot } from 'probot';
import { hardenOctokit } from './harden-octokit.js';
import { recordGitHubResponse } from './metrics.js';

/**
 * One hardened Octokit per installation, whose every response feeds the rate-limit metrics.
 * A failed authentication is not cached, so the next job tries again.
 */
export function createInstallationClients(
  probot: Probot,
  options: { timeoutMs?: number } = {},
): (installationId: number) => Promise<Octokit> {
  const clients = new Map<number, Promise<Octokit>>();
  return (installationId) => {
    let client = clients.get(installationId);
    if (!client) {
      client = probot.auth(installationId).then((octokit) => {
        const hardened = hardenOctokit(octokit as unknown as Octokit, {
          log: probot.log,
          ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        });
        hardened.hook.after('request', (response) =>
          recordGitHubResponse(response.headers as Record<string, unknown>, response.status),
        );
        hardened.hook.error('request', (error) => {
          const failure = error as { status?: number; response?: { headers?: object } };
          recordGitHubResponse(
            (failure.response?.headers ?? {}) as Record<string, unknown>,
            failure.status ?? 0,
          );
          throw error;
        });
        return hardened;
      });
      client.catch(() => clients.delete(installationId));
      clients.set(installationId, client);
    }
    return client;
  };
}
