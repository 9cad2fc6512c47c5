import { Octokit } from '@octokit/rest';

/** The CLI's GitHub client: the token from the environment, quiet (no request logging). */
export function createRestClient(token: string, baseUrl?: string): Octokit {
  const quiet = () => {};
  return new Octokit({
    auth: token,
    ...(baseUrl ? { baseUrl } : {}),
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
}
