import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04Module from 'ajv-draft-04';
import { runCheckCommand } from '../../src/local/run-check-command.js';
import { GitRepo } from '../helpers/git-repo.js';

// The published SARIF 2.1.0 schema (rtm.5, the version code scanning accepts) as shipped by
// @microsoft/jest-sarif. It is a JSON Schema draft-04 document, hence ajv-draft-04.
const require = createRequire(import.meta.url);
const schema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
);
// A CommonJS module: its class is the default export's `default` under ESM.
const AjvDraft04 = AjvDraft04Module.default;
const ajv = new AjvDraft04({
  allErrors: true,
  strict: false,
  // The schema's language pattern is not a valid Unicode-mode regex.
  unicodeRegExp: false,
  formats: {
    uri: (value: string) => URL.canParse(value),
    'uri-reference': (value: string) => URL.canParse(value, 'file:///') && !/\s/.test(value),
    'date-time': (value: string) => !Number.isNaN(Date.parse(value)),
  },
});
const validate = ajv.compile(schema);

const PLAN = '# Plan\n\n## Phase 1: Launch\n- [x] Ship it\n- [ ] Rotate keys\n';
const SECRET = 'sk_live_51HxAbCdEfGhIjKlMnOp';

async function sarif(repo: GitRepo) {
  const result = await runCheckCommand({
    repo: repo.dir,
    base: 'main',
    format: 'sarif',
    version: '9.9.9',
  });
  return { exitCode: result.exitCode, text: result.stdout, log: JSON.parse(result.stdout) };
}

describe('check --format sarif (issue 12 item 2)', () => {
  const repo = new GitRepo().write({ 'ACTION_PLAN.md': PLAN, 'src/a.ts': '1;\n' }).commit();
  repo.git('checkout', '-q', '-b', 'feature');
  repo
    .write({
      'src/my config.ts': `export const key = '${SECRET}';\n`,
      'logo.png': '\u0000\u0001',
      'src/b.ts': `// readiness:allow dev-keys -- test fixture\nconst k = '${SECRET}';\n`,
    })
    .commit();

  it('is valid against the published SARIF 2.1.0 schema', async () => {
    const { log, exitCode } = await sarif(repo);
    expect(exitCode).toBe(1);
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    expect(log.version).toBe('2.1.0');
    // The validator does reject a log without its tool.
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false);
  });

  it('carries rule metadata, levels, exact locations and suppressions', async () => {
    const { log } = await sarif(repo);
    const [run] = log.runs;
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'dev-keys');
    expect(rule).toMatchObject({
      id: 'dev-keys',
      shortDescription: { text: 'Hard-coded credential added' },
      defaultConfiguration: { level: 'error' },
    });
    expect(rule.help.markdown).toContain('**Fix:**');
    expect(run.tool.driver.version).toBe('9.9.9');
    const findings = run.results.filter((r: { ruleId: string }) => r.ruleId === 'dev-keys');
    expect(
      findings.map((r: any) => [
        r.locations[0].physicalLocation.artifactLocation.uri,
        r.locations[0].physicalLocation.region.startLine,
        r.suppressions?.[0]?.kind ?? null,
      ]),
    ).toEqual([
      ['src/b.ts', 2, 'inSource'],
      ['src/my%20config.ts', 1, null],
    ]);
    expect(run.tool.driver.rules[findings[0].ruleIndex].id).toBe('dev-keys');
    const open = run.results.find((r: { ruleId: string }) => r.ruleId === 'readiness-phase');
    expect(open).toMatchObject({
      level: 'error',
      message: { text: 'Phase 1 item is open: Rotate keys' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'ACTION_PLAN.md' } } }],
    });
    expect(run.invocations[0].toolExecutionNotifications).toMatchObject([
      { message: { text: 'Not scanned: logo.png (binary)' } },
    ]);
  });

  it('never holds the secret', async () => {
    const { text } = await sarif(repo);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('HxAbCd');
  });

  it('keeps fingerprints stable when a later push moves the finding', async () => {
    const before = (await sarif(repo)).log.runs[0].results;
    repo.write({ 'src/my config.ts': `// moved\n\nexport const key = '${SECRET}';\n` }).commit();
    const after = (await sarif(repo)).log.runs[0].results;
    const pick = (results: any[]) =>
      results.find((r) => r.locations[0].physicalLocation.artifactLocation.uri.includes('config'));
    expect(pick(after).locations[0].physicalLocation.region.startLine).toBe(3);
    expect(pick(after).partialFingerprints).toEqual(pick(before).partialFingerprints);
  });
});
