import type { Octokit } from '@octokit/rest';
import type { Logger } from '../logger.js';

/** Every request to GitHub gives up after this long (each attempt, retries included). */
export const REQUEST_TIMEOUT_MS = 10_000;
/** The longest `retry-after` a secondary rate limit is waited for before giving up. */
const MAX_RETRY_AFTER_S = 60;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function timedFetch(timeoutMs: number): typeof fetch {
  return (input, init = {}) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    return fetch(input, {
      ...init,
      signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
    });
  };
}

/**
 * Hardens an installation client: a timeout on every attempt (a hung request must not stall
 * other evaluations) and secondary rate limits retried after GitHub's `retry-after`.
 */
export function hardenOctokit(
  octokit: Octokit,
  options: { timeoutMs?: number; log: Logger; retries?: number },
): Octokit {
  const fetchWithTimeout = timedFetch(options.timeoutMs ?? REQUEST_TIMEOUT_MS);
  octokit.hook.before('request', (request) => {
    request.request = { ...request.request, fetch: fetchWithTimeout };
  });
  octokit.hook.error('request', async (error, request) => {
    const failure = error as {
      status?: number;
      message?: string;
      response?: { headers?: Record<string, string | undefined> };
    };
    const retryAfter = Number(failure.response?.headers?.['retry-after']);
    const secondary =
      (failure.status === 403 || failure.status === 429) &&
      (Number.isFinite(retryAfter) || /secondary rate/i.test(failure.message ?? ''));
    const attempt = Number((request.request as { secondaryRetry?: number }).secondaryRetry ?? 0);
    if (!secondary || attempt >= (options.retries ?? 2)) throw error;
    const wait = Math.min(Number.isFinite(retryAfter) ? retryAfter : 5, MAX_RETRY_AFTER_S);
    options.log.warn(
      { url: request.url, wait },
      'secondary rate limit: retrying after retry-after',
    );
    await sleep(wait * 1000);
    return octokit.request({
      ...request,
      request: { ...request.request, secondaryRetry: attempt + 1 },
    } as never);
  });
  return octokit;
}
