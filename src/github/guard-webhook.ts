import type { Context, Probot } from 'probot';
import { recordEvent } from './metrics.js';

/**
 * Handlers only build a job from the payload: a payload without what they need is the
 * sender's error (400, logged), not the App's (500).
 */
export function guardWebhook(log: Probot['log']) {
  return <C extends Context>(handler: (context: C) => Promise<void>) =>
    async (context: C) => {
      recordEvent(context.name);
      try {
        await handler(context);
      } catch (error) {
        if ((error as { status?: number }).status !== undefined) throw error;
        log.warn(
          { delivery: context.id, event: context.name, err: (error as Error).message },
          'malformed webhook payload',
        );
        throw Object.assign(
          new Error(`Unexpected ${context.name} payload, expected the fields GitHub sends`),
          { status: 400 },
        );
      }
    };
}
