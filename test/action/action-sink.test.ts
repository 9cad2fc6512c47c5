import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createActionSink,
  escapeData,
  escapeProperty,
  renderWorkflowCommand,
} from '../../src/action/action-sink.js';
import { loadActionRules } from '../../src/action/load-action-rules.js';
import { DEFAULT_CONFIG } from '../../src/core/config/config-types.js';
import type { GateOutcome, GateSnapshot } from '../../src/core/gate/gate-snapshot.js';
import { runGate } from '../../src/core/gate/run-gate.js';
import { CHECKS } from '../../src/checks/index.js';
import { makeChange } from '../helpers/make-change.js';
import { repoRoot } from '../helpers/paths.js';

const rules = loadActionRules(`${repoRoot}rules`);
const KEY_LINE = "const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';";

async function outcome(options: { key: boolean; done: boolean }): Promise<GateOutcome> {
  const snapshot: GateSnapshot = {
    target: {
      kind: 'pull_request',
      repository: 'acme/shop',
      number: 7,
      baseRef: 'main',
      baseSha: 'b'.repeat(40),
      headSha: 'a'.repeat(40),
      blobUrl: `https://github.com/acme/shop/blob/${'a'.repeat(40)}`,
      required: null,
    },
    config: DEFAULT_CONFIG,
    rules,
    errors: [],
    changes: [
      makeChange('src/pay, now: 100%.ts', [
        ' const a = 1;',
        ...(options.key ? [`+${KEY_LINE}`] : []),
      ]),
    ],
    headPaths: ['PRODUCTION_READINESS.md', 'src/pay, now: 100%.ts'],
    checklists: [
      {
        path: 'PRODUCTION_READINESS.md',
        text: `# Readiness\n\n## Phase 1\n- [x] Ship it\n- [${options.done ? 'x' : ' '}] Rotate keys\n`,
      },
    ],
    notScanned: [{ path: 'logo.png', reason: 'binary' }],
    unreadable: [],
    waivers: [],
  };
  return await runGate(snapshot, CHECKS);
}

describe('workflow command escaping', () => {
  it('escapes %, CR and LF in messages, and also : and , in properties', async () => {
    expect(escapeData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
    expect(escapeProperty('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext%3A a%2Cb');
  });

  it('keeps a hostile message on one line, so it cannot start a command of its own', async () => {
    const line = renderWorkflowCommand({
      path: 'a.ts',
      start_line: 3,
      end_line: 3,
      annotation_level: 'warning',
      title: 'x',
      message: 'oops\n::add-mask::nothing\n::error::forged',
    });
    expect(line).toBe(
      '::warning file=a.ts,line=3,endLine=3,title=x::oops%0A::add-mask::nothing%0A::error::forged\n',
    );
    expect(line.trimEnd().split('\n')).toHaveLength(1);
  });

  it('maps the check levels to ::error, ::warning and ::notice', async () => {
    const of = (level: 'failure' | 'warning' | 'notice') =>
      renderWorkflowCommand({
        path: 'p',
        start_line: 1,
        end_line: 2,
        annotation_level: level,
        title: 't',
        message: 'm',
      });
    expect([of('failure'), of('warning'), of('notice')]).toEqual([
      '::error file=p,line=1,endLine=2,title=t::m\n',
      '::warning file=p,line=1,endLine=2,title=t::m\n',
      '::notice file=p,line=1,endLine=2,title=t::m\n',
    ]);
  });
});

describe('the Action sink', () => {
  let dir: string;
  let summary: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'action-sink-'));
    summary = join(dir, 'summary.md');
    writeFileSync(summary, '# an earlier step\n');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const publish = async (result: GateOutcome, env: Record<string, string | undefined>) => {
    let written = '';
    const sink = createActionSink({ env, out: { write: (text: string) => (written += text) } });
    return { result: await sink.publish(result), written };
  };

  it('fails with an annotation on the line, the report appended to the summary, exit code 1', async () => {
    const { result, written } = await publish(await outcome({ key: true, done: false }), {
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(result).toEqual({ exitCode: 1, conclusion: 'failure', annotations: 1 });
    const commands = written.split('\n').filter((line) => line.startsWith('::'));
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatch(
      /^::error file=src\/pay%2C now%3A 100%25\.ts,line=2,endLine=2,title=dev-keys::/,
    );
    // The credential is masked in the annotation as everywhere else.
    expect(written).not.toContain('sk_live_51HxAbCdEfGhIjKlMnOp');
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# an earlier step\n## Readiness Gate: ❌ fail')).toBe(true);
    expect(text).toContain('Phase 1 has 1 of 2 items not done');
    expect(text).toContain('### Not scanned');
    expect(text).toContain(
      `https://github.com/acme/shop/blob/${'a'.repeat(40)}/PRODUCTION_READINESS.md#L5`,
    );
    expect(text).not.toContain('sk_live_51HxAbCdEfGhIjKlMnOp');
  });

  it('passes with exit code 0 and no annotation', async () => {
    const { result, written } = await publish(await outcome({ key: false, done: true }), {
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(result).toEqual({ exitCode: 0, conclusion: 'success', annotations: 0 });
    expect(written).not.toMatch(/^::/m);
    expect(written).toContain('Readiness Gate: pass');
    expect(readFileSync(summary, 'utf8')).toContain('## Readiness Gate: ✅ pass');
  });

  it('keeps the verdict when there is no summary file, or it cannot be written', async () => {
    expect((await publish(await outcome({ key: false, done: true }), {})).result.exitCode).toBe(0);
    const broken = await publish(await outcome({ key: false, done: true }), {
      GITHUB_STEP_SUMMARY: join(dir, 'missing-dir', 'summary.md'),
    });
    expect(broken.result.exitCode).toBe(0);
    expect(broken.written).toMatch(
      /^::warning title=Readiness Gate::cannot write the step summary/m,
    );
  });
});

describe('the Action’s built-in pack', () => {
  it('is trusted like the App’s and the CLI’s, so its proven-linear patterns run on V8', () => {
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((rule) => rule.trusted === true)).toBe(true);
  });
});
