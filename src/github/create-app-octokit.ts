import Bottleneck from 'bottleneck';
import { ProbotOctokit } from 'probot';

export interface ThrottleSettings {
  /** Concurrent writes per installation. */
  writeConcurrency?: number;
  /** Minimum time between two writes of one installation, in ms. */
  writeMinTime?: number;
  /** Minimum time between two comments of one installation, in ms. */
  notificationMinTime?: number;
  /** Seconds-to-ms factor of the retry plugin's back-off (tests shorten it). */
  retryAfterBaseValue?: number;
  /** How often a secondary rate limit is retried (after GitHub's `retry-after`). */
  secondaryRetries?: number;
}

/**
 * Probot's Octokit with throttling tuned per installation. Probot keys its limiters by
 * installation id, but its write limiter lets one write per second through, so two writes of
 * one evaluation wait on each other; and it does not retry secondary rate limits. Here each
 * installation gets its own write limiter (a few concurrent writes, spaced), and a secondary
 * rate limit is retried after `retry-after`. With Redis clustering Probot's limiters stay.
 */
export function createAppOctokit(settings: ThrottleSettings = {}): typeof ProbotOctokit {
  const write = new Bottleneck.Group({
    maxConcurrent: settings.writeConcurrency ?? 2,
    minTime: settings.writeMinTime ?? 250,
  });
  // Comment creation triggers notifications: Probot spaces those 3 s apart per installation.
  const notifications = new Bottleneck.Group({
    maxConcurrent: 1,
    minTime: settings.notificationMinTime ?? 750,
  });
  const retries = settings.secondaryRetries ?? 2;
  return ProbotOctokit.defaults((options: Record<string, unknown>) => {
    const throttle = (options.throttle ?? {}) as Record<string, unknown>;
    const retry =
      settings.retryAfterBaseValue !== undefined
        ? { retry: { retryAfterBaseValue: settings.retryAfterBaseValue } }
        : {};
    if (throttle.enabled === false || throttle.connection) return { ...options, ...retry };
    return {
      ...options,
      ...retry,
      throttle: {
        ...throttle,
        write,
        notifications,
        onSecondaryRateLimit: (_after: number, request: { request: { retryCount: number } }) =>
          request.request.retryCount < retries,
      },
    };
  }) as typeof ProbotOctokit;
}
