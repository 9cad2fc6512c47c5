import { createHmac } from 'node:crypto';

/** `sha256=` HMAC of a body with a webhook secret, as GitHub signs it. */
export function signWebhook(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * POSTs a webhook to an App listening on a loopback port, signed with `secret` unless a
 * signature is given, and returns the HTTP status (the body is read, so the socket is free).
 */
export async function postWebhook(options: {
  port: number;
  secret: string;
  name: string;
  id: string;
  payload: object;
  signature?: string;
}): Promise<number> {
  const body = JSON.stringify(options.payload);
  const response = await fetch(`http://127.0.0.1:${options.port}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': options.name,
      'x-github-delivery': options.id,
      'x-hub-signature-256': options.signature ?? signWebhook(options.secret, body),
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}
