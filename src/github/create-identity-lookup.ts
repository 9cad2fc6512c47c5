import type { Probot } from 'probot';
import type { AppIdentity } from './app-identity.js';

/**
 * Who this App is: the given identity, or asked once from `GET /app`. A failed lookup is not
 * cached, so the next job asks again.
 */
export function createIdentityLookup(
  probot: Probot,
  given?: AppIdentity,
): () => Promise<AppIdentity> {
  let identity: Promise<AppIdentity> | null = given ? Promise.resolve(given) : null;
  return () =>
    (identity ??= (async () => {
      const app = await probot.auth();
      const { data } = await app.rest.apps.getAuthenticated();
      if (!data) throw new Error('GitHub: GET /app answered nothing');
      return { appId: data.id, botLogin: `${data.slug ?? ''}[bot]` };
    })().catch((error: unknown) => {
      identity = null;
      throw error;
    }));
}
