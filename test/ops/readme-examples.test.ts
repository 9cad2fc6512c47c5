import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { readActionInputs } from '../../src/action/run-action.js';
import { SUPPORTED_EVENTS } from '../../src/action/read-action-event.js';
import { CHECKS } from '../../src/checks/index.js';
import { parseConfig } from '../../src/core/config/parse-config.js';
import { CHECK_NAME } from '../../src/core/gate/constants.js';
import { decideOptIn } from '../../src/core/gate/decide-opt-in.js';
import { registry } from '../../src/github/metrics.js';
import { repoRoot } from '../helpers/paths.js';
import { readReadmeExample } from '../helpers/read-readme-example.js';

const action = parse(readFileSync(`${repoRoot}action.yml`, 'utf8')) as {
  inputs: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; main: string };
};

interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<
    string,
    { name?: string; steps: Array<{ uses?: string; with?: Record<string, unknown> }> }
  >;
}

describe('README: Use it as a GitHub Action', () => {
  it.each(['action-workflow', 'action-workflow-comment'])(
    '%s runs the Action as documented',
    (name) => {
      const workflow = parse(readReadmeExample(name)) as Workflow;
      for (const event of Object.keys(workflow.on))
        expect(SUPPORTED_EVENTS as readonly string[]).toContain(event);
      const jobs = Object.values(workflow.jobs);
      expect(jobs).toHaveLength(1);
      const [job] = jobs;
      // The job's name is the check branch protection requires.
      expect(job?.name).toBe(CHECK_NAME);
      const steps = job?.steps ?? [];
      // The Action reads through the API: nothing from the pull request is checked out.
      expect(steps.some((step) => step.uses?.startsWith('actions/checkout'))).toBe(false);
      const gate = steps.filter((step) =>
        /^[\w.-]+\/readiness-gate@[\w.-]+$/.test(step.uses ?? ''),
      );
      expect(gate).toHaveLength(1);
      const given = gate[0]?.with ?? {};
      for (const input of Object.keys(given)) expect(Object.keys(action.inputs)).toContain(input);

      // What the runner hands the Action: each input as INPUT_<NAME>, defaults from action.yml.
      const env: Record<string, string> = {};
      for (const [input, spec] of Object.entries(action.inputs)) {
        const value = input in given ? String(given[input]) : (spec.default ?? '');
        env[`INPUT_${input.toUpperCase()}`] = value.replace('${{ github.token }}', 'ghs_example');
      }
      const inputs = readActionInputs(env);
      expect(inputs.token).toBe('ghs_example');

      // Least privilege: read-only, write on pull requests only for the comment, never checks.
      expect(workflow.permissions.contents).toBe('read');
      expect(workflow.permissions['pull-requests']).toBe(inputs.comment ? 'write' : 'read');
      expect(Object.keys(workflow.permissions).sort()).toEqual(['contents', 'pull-requests']);
    },
  );

  it('action.yml runs the committed bundle on a supported Node', () => {
    expect(action.runs.using).toMatch(/^node(20|24)$/);
    expect(readFileSync(`${repoRoot}${action.runs.main}`, 'utf8').length).toBeGreaterThan(0);
    expect(action.inputs.token?.default).toBe('${{ github.token }}');
    expect(action.inputs.comment?.default).toBe('false');
    expect(Object.keys(action.inputs).sort()).toEqual(['comment', 'config-path', 'phase', 'token']);
  });
});

describe('README: Operations', () => {
  it('lists exactly the metrics the App serves', async () => {
    const documented = readReadmeExample('metrics')
      .split('\n')
      .map((line) => /^(readiness_gate_\w+)/.exec(line)?.[1])
      .filter(Boolean);
    const served = (await registry.getMetricsAsJSON())
      .map((metric) => metric.name)
      .filter((name) => !/^readiness_gate_(process|nodejs)_/.test(name));
    expect(documented.sort()).toEqual(served.sort());
  });

  it('runs the image the way the Dockerfile and .dockerignore expect', () => {
    const run = readReadmeExample('docker-run')
      .split('\n')
      .find((line) => line.startsWith('docker run'));
    const exposed = /^EXPOSE (\d+)$/m.exec(readFileSync(`${repoRoot}Dockerfile`, 'utf8'))?.[1];
    expect(run).toContain(`-p ${exposed}:${exposed}`);
    // Signals reach Node (PID 1 has no default SIGTERM handler); secrets come at run time.
    expect(run).toContain('--init');
    expect(run).toContain('--env-file .env');
    expect(readFileSync(`${repoRoot}.dockerignore`, 'utf8')).toMatch(/^\*\*\/\.env$/m);
  });
});

describe('README: repositories that have not opted in', () => {
  it('the example config is valid and makes an unconfigured repository neutral', () => {
    const { config, errors } = parseConfig(
      readReadmeExample('opt-in'),
      '.github/readiness.yml',
      CHECKS,
    );
    expect(errors).toEqual([]);
    expect(
      decideOptIn({
        hasDocument: false,
        hasConfig: false,
        whenUnconfigured: config.whenUnconfigured,
      }),
    ).toBe('neutral');
    expect(
      decideOptIn({
        hasDocument: true,
        hasConfig: false,
        whenUnconfigured: config.whenUnconfigured,
      }),
    ).toBe('evaluate');
  });
});
