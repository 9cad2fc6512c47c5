import { createServer, type Server } from 'node:http';
import {
  handleMetrics,
  recordEvaluation,
  recordEvent,
  recordGitHubResponse,
  setQueueDepth,
} from '../../src/github/metrics.js';
import { parsePrometheusSamples } from '../helpers/parse-prometheus-samples.js';
import { listenOnLoopback } from '../helpers/listen-on-loopback.js';

describe('GET /metrics', () => {
  let server: Server;
  let base: string;
  let token: string | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (!handleMetrics(req, res, { token })) res.writeHead(404).end();
    });
    base = `http://127.0.0.1:${await listenOnLoopback(server)}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  afterEach(() => {
    token = undefined;
  });

  it('serves every App metric in the Prometheus text format', async () => {
    recordEvent('pull_request');
    recordEvent('pull_request');
    recordEvent('merge_group');
    recordEvent('Not An Event Name{}');
    recordEvaluation('pull_request', 'failure', 0.7);
    recordEvaluation('pull_request', 'success', 3);
    recordEvaluation('merge_group', 'success', 0.02);
    recordGitHubResponse({ 'x-ratelimit-remaining': '4990', 'x-ratelimit-resource': 'core' });
    recordGitHubResponse({ 'x-ratelimit-remaining': 4987 }, 201);
    recordGitHubResponse({}, 502);
    setQueueDepth(7);

    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const values = parsePrometheusSamples(text);
    expect(values.get('readiness_gate_events_received_total{event="pull_request"}')).toBe(2);
    expect(values.get('readiness_gate_events_received_total{event="merge_group"}')).toBe(1);
    // An unexpected name never becomes a label of its own (no unbounded label values).
    expect(values.get('readiness_gate_events_received_total{event="other"}')).toBe(1);
    expect(
      values.get('readiness_gate_evaluations_total{kind="pull_request",conclusion="failure"}'),
    ).toBe(1);
    expect(
      values.get('readiness_gate_evaluations_total{kind="pull_request",conclusion="success"}'),
    ).toBe(1);
    expect(
      values.get('readiness_gate_evaluation_duration_seconds_bucket{le="1",kind="pull_request"}'),
    ).toBe(1);
    expect(
      values.get('readiness_gate_evaluation_duration_seconds_bucket{le="5",kind="pull_request"}'),
    ).toBe(2);
    expect(values.get('readiness_gate_evaluation_duration_seconds_count{kind="merge_group"}')).toBe(
      1,
    );
    expect(values.get('readiness_gate_github_requests_total{status="200"}')).toBe(1);
    expect(values.get('readiness_gate_github_requests_total{status="201"}')).toBe(1);
    expect(values.get('readiness_gate_github_requests_total{status="502"}')).toBe(1);
    // The latest response wins; a response without the header leaves the gauge alone.
    expect(values.get('readiness_gate_github_rate_limit_remaining{resource="core"}')).toBe(4987);
    expect(values.get('readiness_gate_queue_depth')).toBe(7);
    expect(values.has('readiness_gate_process_resident_memory_bytes')).toBe(true);
  });

  it('ignores other paths and methods, and accepts a query string', async () => {
    expect((await fetch(`${base}/metricsx`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/metrics?x=1`)).status).toBe(200);
  });

  it('requires the bearer token when one is configured', async () => {
    token = 's3cret-metrics-token';
    const missing = await fetch(`${base}/metrics`);
    expect(missing.status).toBe(401);
    expect(await missing.text()).not.toContain(token);
    const wrong = await fetch(`${base}/metrics`, {
      headers: { authorization: 'Bearer s3cret-metrics-tokem' },
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${base}/metrics`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('readiness_gate_queue_depth');
  });
});
