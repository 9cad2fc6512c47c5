import type { IncomingMessage, ServerResponse } from 'node:http';
import { CHECK_NAME } from '../core/gate/constants.js';

/**
 * Probot logs every response at info through pino-http, which waits for the response's
 * `finish`/`close`. A platform probing every few seconds would bury the App's own logs, so
 * probe responses drop that one listener (found by pino-http's function name; a test pins it
 * to the pino-http Probot ships). Errors are still logged: their listener stays.
 */
export function detachRequestLog(res: ServerResponse): void {
  for (const event of ['finish', 'close'] as const) {
    for (const listener of res.listeners(event)) {
      if ((listener as { name?: string }).name === 'onResponseComplete')
        res.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
}

/** The request's path without its query string. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * `GET /health` (and `HEAD`): the liveness probe of the container and of the platform in front
 * of it. Answers from memory, so a slow GitHub never fails the probe; never logged at info.
 */
export function handleHealth(req: IncomingMessage, res: ServerResponse): boolean {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || pathOf(req) !== '/health') return false;
  detachRequestLog(res);
  const body = JSON.stringify({ status: 'ok', check: CHECK_NAME });
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
