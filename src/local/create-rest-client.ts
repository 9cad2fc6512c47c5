import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

const RetryingOctokit = Octokit.plugin(retry, throttling);

/** How long the CLI waits for a rate limit to reset before it gives up (exit 2 with the reason). */
const MAX_WAIT_SECONDS = 60;

/**
 * The CLI's GitHub client: the token from the environment, quiet (no request logging), with
 * Octokit's retry (server errors, with back-off) and throttling (primary and secondary rate
 * limits honoured through `retry-after`, at most twice and never longer than a minute).
 */
export function createRestClient(
  token: string,
  baseUrl?: string,
  options: { retryAfterBaseValue?: number } = {},
): Octokit {
  const quiet = () => {};
  const retryLimited = (retryAfter: number, _options: unknown, _octokit: unknown, count: number) =>
    count < 2 && retryAfter <= MAX_WAIT_SECONDS;
  return new RetryingOctokit({
    auth: token,
    ...(baseUrl ? { baseUrl } : {}),
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    retry: {
      retries: 2,
      ...(options.retryAfterBaseValue !== undefined
        ? { retryAfterBaseValue: options.retryAfterBaseValue }
        : {}),
    },
    throttle: { onRateLimit: retryLimited, onSecondaryRateLimit: retryLimited },
  });
}
