import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { detachRequestLog, pathOf } from './health.js';

/**
 * The App's Prometheus metrics, on a registry of their own (not prom-client's global one), so
 * that nothing else loaded in the process can add to or clash with them.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'readiness_gate_' });

const eventsReceived = new Counter({
  name: 'readiness_gate_events_received_total',
  help: 'Webhook events received, by event name.',
  labelNames: ['event'] as const,
  registers: [registry],
});

const evaluations = new Counter({
  name: 'readiness_gate_evaluations_total',
  help: 'Evaluations concluded, by kind (pull_request, merge_group) and conclusion.',
  labelNames: ['kind', 'conclusion'] as const,
  registers: [registry],
});

const evaluationDuration = new Histogram({
  name: 'readiness_gate_evaluation_duration_seconds',
  help: 'Time from the start of an evaluation to its conclusion, by kind.',
  labelNames: ['kind'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  registers: [registry],
});

const githubRequests = new Counter({
  name: 'readiness_gate_github_requests_total',
  help: 'Responses from the GitHub API, by HTTP status.',
  labelNames: ['status'] as const,
  registers: [registry],
});

const rateLimitRemaining = new Gauge({
  name: 'readiness_gate_github_rate_limit_remaining',
  help: 'x-ratelimit-remaining of the latest GitHub response, by rate-limit resource.',
  labelNames: ['resource'] as const,
  registers: [registry],
});

const queueDepth = new Gauge({
  name: 'readiness_gate_queue_depth',
  help: 'Evaluations waiting in the queue.',
  registers: [registry],
});

/** Event names are GitHub's (a few dozen at most); anything else is folded into one label. */
const EVENT_NAME = /^[a-z_]{1,40}$/;

export function recordEvent(name: string): void {
  eventsReceived.inc({ event: EVENT_NAME.test(name) ? name : 'other' });
}

export function recordEvaluation(
  kind: 'pull_request' | 'merge_group',
  conclusion: 'success' | 'failure' | 'neutral' | 'skipped',
  seconds: number,
): void {
  evaluations.inc({ kind, conclusion });
  evaluationDuration.observe({ kind }, seconds);
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
  const value = headers[name];
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/**
 * Called by the App for every GitHub response (an Octokit `after`/`error` request hook):
 * counts it and keeps the rate-limit headroom visible before GitHub starts answering 403.
 */
export function recordGitHubResponse(headers: Record<string, unknown>, status = 200): void {
  githubRequests.inc({ status: String(status) });
  const remaining = Number(header(headers, 'x-ratelimit-remaining'));
  if (header(headers, 'x-ratelimit-remaining') === undefined || !Number.isFinite(remaining)) return;
  const resource = header(headers, 'x-ratelimit-resource') ?? 'core';
  rateLimitRemaining.set({ resource: EVENT_NAME.test(resource) ? resource : 'other' }, remaining);
}

export function setQueueDepth(depth: number): void {
  queueDepth.set(depth);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface MetricsOptions {
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string | undefined;
}

/**
 * `GET /metrics` in Prometheus' text format, for `options.addHandler` in the App. A scrape is
 * not logged at info (like a health probe).
 */
export function handleMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  options: MetricsOptions = {},
): boolean {
  if (req.method !== 'GET' || pathOf(req) !== '/metrics') return false;
  detachRequestLog(res);
  if (options.token) {
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!sameSecret(given, options.token)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'text/plain' });
      res.end('Unexpected or missing bearer token, expected the metrics token\n');
      return true;
    }
  }
  registry.metrics().then(
    (text) => {
      res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
      res.end(text);
    },
    (error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`cannot collect metrics: ${(error as Error).message}\n`);
    },
  );
  return true;
}
