import { CHECKS } from '../../src/checks/index.js';
import { DEFAULT_CONFIG } from '../../src/core/config/config-types.js';
import type { FileChange } from '../../src/core/diff/diff-types.js';
import { scanRepository } from '../../src/core/evidence/scan-repository.js';
import type { GateSnapshot, RepositoryFile } from '../../src/core/gate/gate-snapshot.js';
import { runGate } from '../../src/core/gate/run-gate.js';
import { createRuleEvaluator, evaluateRules } from '../../src/core/rules/evaluate-rules.js';
import type {
  CheckContext,
  CheckDefinition,
  CheckRegistry,
  Rule,
} from '../../src/core/rules/rule-types.js';
import { loadBuiltinRules } from '../../src/local/load-builtin-rules.js';
import { makeChange } from '../helpers/make-change.js';
import { builtinRule, ruleFromYaml } from '../helpers/run-rule.js';
import { makeLocalTarget } from '../helpers/make-local-target.js';

/** Issue 11, item 3: the core judges a change as it arrives, so a source can stream it. */

const PACK = loadBuiltinRules().rules;
const PLAN = '# Plan\n\n## Phase 1\n- [x] No hardcoded credentials in the code\n';
const KEY = `export const key = 'sk_live_${'4eC39HqLyjWDarjtT1zdp7dc'}';`;

function added(path: string, lines: string[]): FileChange {
  return makeChange(
    path,
    lines.map((line) => `+${line}`),
    { status: 'added' },
  );
}

/** The changes the table below streams: a migration before its rollback, keys, an allow. */
function changes(): FileChange[] {
  return [
    added('db/migrations/001_users.up.sql', ['CREATE TABLE users (id int);']),
    added('db/migrations/002_orders.up.sql', ['CREATE TABLE orders (id int);']),
    added('src/config.ts', ['const a = 1;', KEY]),
    added('src/allowed.ts', [`${KEY} // readiness:allow dev-keys -- fixture`]),
    added('db/migrations/001_users.down.sql', ['DROP TABLE users;']),
    added('db/migrations/002_orders.down.sql', ['-- nothing']),
  ];
}

async function* stream<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

function snapshot(
  feed: FileChange[] | AsyncIterable<FileChange>,
  files: RepositoryFile[] | AsyncIterable<RepositoryFile>,
): GateSnapshot {
  return {
    target: makeLocalTarget(),
    config: DEFAULT_CONFIG,
    rules: PACK,
    errors: [],
    changes: feed,
    headPaths: ['PRODUCTION_READINESS.md', 'src/old.ts', ...changes().map((change) => change.path)],
    checklists: [{ path: 'PRODUCTION_READINESS.md', text: PLAN }],
    notScanned: [],
    unreadable: [],
    waivers: [],
    repository: { files, truncated: false },
  };
}

function repositoryFiles(): RepositoryFile[] {
  return [
    { path: 'PRODUCTION_READINESS.md', text: PLAN },
    { path: 'src/old.ts', text: `${KEY}\n` },
    ...changes().map((change) => ({
      path: change.path,
      text: `${change.lines.map((line) => line.text).join('\n')}\n`,
    })),
  ].sort((a, b) => (a.path < b.path ? -1 : 1));
}

describe('a streamed change is judged like one at hand', () => {
  it('gives the same outcome for an array and a stream, a rollback arriving after its migration', async () => {
    const atHand = await runGate(snapshot(changes(), repositoryFiles()), CHECKS);
    const streamed = await runGate(snapshot(stream(changes()), stream(repositoryFiles())), CHECKS);
    expect(streamed).toEqual(atHand);
    const shown = atHand.verdict.findings.map(
      (finding) =>
        `${finding.rule} ${finding.path}:${finding.line}${finding.suppressed ? ' (allowed)' : ''}`,
    );
    expect(shown).toEqual([
      'migration-rollback db/migrations/002_orders.up.sql:1',
      'dev-keys src/allowed.ts:1 (allowed)',
      'dev-keys src/config.ts:2',
      'claim-contradicted PRODUCTION_READINESS.md:4',
    ]);
    expect(shown).not.toContain('migration-rollback db/migrations/001_users.up.sql:1');
    expect(atHand.verdict.suppressions).toEqual([
      {
        rule: 'dev-keys',
        path: 'src/allowed.ts',
        line: 1,
        reason: 'fixture',
        addedByChange: true,
      },
    ]);
  });
});

describe('a source that need not read what the change showed whole', () => {
  const devKeys = PACK.filter((rule) => rule.id === 'dev-keys' || rule.id === 'claim-contradicted');
  const feed = () => [
    added('src/new.ts', ['const a = 1;', KEY]),
    added('src/bom.ts', [`\ufeff${KEY}`]),
    added('src/nul.ts', [KEY, 'a\u0000b']),
    makeChange('src/old.ts', [' const a = 1;', `+${KEY}`], { status: 'modified' }),
  ];
  const atHead = (): RepositoryFile[] => [
    { path: 'PRODUCTION_READINESS.md', text: PLAN },
    { path: 'src/bom.ts', text: `${KEY}\n` },
    { path: 'src/new.ts', text: `const a = 1;\n${KEY}\n` },
    { path: 'src/old.ts', text: `const a = 1;\n${KEY}\n` },
  ];

  it('is told only the added files whose diff is their decoded text, and gives the same outcome', async () => {
    const asked: string[][] = [];
    const lazy = async function* (shownWhole: ReadonlySet<string>) {
      asked.push([...shownWhole].sort());
      for (const file of atHead())
        yield shownWhole.has(file.path) ? { path: file.path, text: null } : file;
    };
    const base = { ...snapshot(feed(), atHead()), rules: devKeys };
    const read = await runGate(base, CHECKS);
    const unread = await runGate(
      { ...base, changes: feed(), repository: { files: lazy, truncated: false } },
      CHECKS,
    );
    // A byte-order mark is dropped by decoding and a NUL makes a file binary: read, not trusted.
    expect(asked).toEqual([['src/new.ts']]);
    expect(unread).toEqual(read);
    expect(read.verdict.findings.map((finding) => finding.rule)).toContain('claim-contradicted');
  });

  it('fails closed when a source leaves a file unread that the change did not show whole', async () => {
    const liar = async function* () {
      for (const file of atHead())
        yield file.path === 'src/old.ts' ? { path: file.path, text: null } : file;
    };
    const outcome = await runGate(
      {
        ...snapshot(feed(), []),
        rules: devKeys,
        repository: { files: liar, truncated: false },
      },
      CHECKS,
    );
    expect(outcome.verdict.verdict).toBe('fail');
    expect(outcome.verdict.gate.reasons).toContain(
      'Could not read 1 file(s) at head for evidence (src/old.ts): the gate fails closed; re-run it with `/readiness`.',
    );
  });
});

/** A check that reads other changes, recording what it was shown. */
function recordingRegistry(seen: Array<{ path: string; context: string[] }>): CheckRegistry {
  const definition: CheckDefinition<{ kind: string }> = {
    meta: { kind: 'record', description: 'records', schema: {} },
    create: () => ({
      readsOtherChanges: (change) => change.path.endsWith('.sql'),
      run(change: FileChange, context: CheckContext) {
        seen.push({
          path: change.path,
          context: context.changes.map(
            (other) => `${other.path}:${other.lines.length > 0 ? 'whole' : 'stub'}`,
          ),
        });
        return [];
      },
    }),
  };
  return new Map([['record', definition]]);
}

const RECORD_RULE: Rule = {
  ...(PACK[0] as Rule),
  id: 'record',
  paths: { include: ['**'], exclude: [] },
  check: { kind: 'record' },
};

describe('createRuleEvaluator', () => {
  it('judges a change on arrival unless its check named it, and keeps only what was named', () => {
    const seen: Array<{ path: string; context: string[] }> = [];
    const evaluator = createRuleEvaluator([RECORD_RULE], recordingRegistry(seen), {});
    evaluator.add(added('a.sql', ['x']));
    evaluator.add(added('b.ts', ['y']));
    // b.ts was judged on arrival, with no other change; a.sql waits for the end.
    expect(seen).toEqual([{ path: 'b.ts', context: [] }]);
    evaluator.add(added('c.sql', ['z']));
    evaluator.finish();
    expect(seen.slice(1)).toEqual([
      { path: 'a.sql', context: ['a.sql:whole', 'b.ts:stub', 'c.sql:whole'] },
      { path: 'c.sql', context: ['a.sql:whole', 'b.ts:stub', 'c.sql:whole'] },
    ]);
  });

  it('hands findings to onFinding as they are made instead of keeping them', () => {
    const rule = PACK.find((candidate) => candidate.id === 'dev-keys') as Rule;
    const streamed: string[] = [];
    const evaluator = createRuleEvaluator([rule], CHECKS, {
      onFinding: (finding) => streamed.push(`${finding.path}:${finding.line}`),
    });
    evaluator.add(added('src/a.ts', [KEY]));
    expect(streamed).toEqual(['src/a.ts:1']);
    expect(evaluator.finish()).toEqual([]);
    expect(evaluateRules([rule], [added('src/a.ts', [KEY])], CHECKS)).toHaveLength(1);
  });
});

describe('scanRepository with files the diff showed whole', () => {
  const rule = PACK.find((candidate) => candidate.id === 'dev-keys') as Rule;
  const files = [
    { path: 'src/a.ts', text: `${KEY}\n` },
    { path: 'src/b.ts', text: `const b = 2;\n${KEY}\n` },
  ];

  it('counts the diff findings for them instead of scanning them again', async () => {
    const scanned = await scanRepository([rule], files, CHECKS);
    // The diff showed b.ts whole with no finding (a stand-in): the scan believes the diff.
    const reused = await scanRepository([rule], files, CHECKS, {
      scannedInDiff: { lines: new Map([['src/b.ts', 2]]), findings: [] },
    });
    expect(scanned.violations.get('dev-keys')?.count).toBe(2);
    expect(reused.violations.get('dev-keys')?.count).toBe(1);
  });

  it('scans a file again when its text is not what the diff showed', async () => {
    const reused = await scanRepository([rule], files, CHECKS, {
      scannedInDiff: { lines: new Map([['src/b.ts', 7]]), findings: [] },
    });
    expect(reused.violations.get('dev-keys')?.count).toBe(2);
  });

  /** A source's `files(shownWhole)`: the paths it was told it need not read come unread. */
  function source(all: RepositoryFile[], asked: Array<ReadonlySet<string>>) {
    return async function* (shownWhole: ReadonlySet<string>) {
      asked.push(shownWhole);
      for (const file of all)
        yield shownWhole.has(file.path) ? { path: file.path, text: null } : file;
    };
  }

  it('tells a source which files it need not read, and counts their diff findings', async () => {
    const asked: Array<ReadonlySet<string>> = [];
    const diffFinding = evaluateRules([rule], [added('src/b.ts', ['const b = 2;', KEY])], CHECKS);
    expect(diffFinding).toHaveLength(1);
    const found = await scanRepository([rule], source(files, asked), CHECKS, {
      headPaths: new Set(files.map((file) => file.path)),
      scannedInDiff: { lines: new Map([['src/b.ts', 2]]), findings: diffFinding },
    });
    expect(asked.map((set) => [...set])).toEqual([['src/b.ts']]);
    expect(found.unread).toEqual([]);
    expect(found.violations.get('dev-keys')).toMatchObject({
      count: 2,
      locations: [
        { path: 'src/a.ts', line: 1 },
        { path: 'src/b.ts', line: 2 },
      ],
    });
  });

  it('reads every file when a rule reads other files (it needs their text)', async () => {
    const asked: Array<ReadonlySet<string>> = [];
    const rollback = builtinRule('migration-rollback');
    await scanRepository([rule, rollback], source(files, asked), CHECKS, {
      headPaths: new Set(files.map((file) => file.path)),
      scannedInDiff: { lines: new Map([['src/b.ts', 2]]), findings: [] },
    });
    expect(asked.map((set) => [...set])).toEqual([[]]);
  });

  it('lists a file the source gave unread that the diff did not show whole', async () => {
    const unreadAnyway = async function* () {
      yield { path: 'src/a.ts', text: null };
      yield files[1] as RepositoryFile;
    };
    const found = await scanRepository([rule], unreadAnyway, CHECKS, {
      headPaths: new Set(files.map((file) => file.path)),
      // b.ts differs from what the diff showed: it is scanned.
      scannedInDiff: { lines: new Map([['src/b.ts', 7]]), findings: [] },
    });
    expect(found.unread).toEqual(['src/a.ts']);
    expect(found.violations.get('dev-keys')?.count).toBe(1);
  });

  it('counts every finding of a streamed repository and keeps the first five locations', async () => {
    const many = Array.from({ length: 8 }, (_, index) => ({
      path: `src/f${index}.ts`,
      text: `${KEY}\n`,
    }));
    const found = await scanRepository([rule], stream(many), CHECKS, {
      headPaths: new Set(many.map((file) => file.path)),
    });
    expect(found.violations.get('dev-keys')?.count).toBe(8);
    expect(found.violations.get('dev-keys')?.locations.map((location) => location.path)).toEqual([
      'src/f0.ts',
      'src/f1.ts',
      'src/f2.ts',
      'src/f3.ts',
      'src/f4.ts',
    ]);
  });
});

describe('checks that read other changes, together', () => {
  const companion = ruleFromYaml(`id: rollback-pairs
title: t
severity: error
description: d
paths:
  exclude: ['**/*.down.sql']
check:
  kind: companion-file
  pairs:
    - match: '^db/(.+)\\.up\\.sql$'
      requires: ['db/{1}.down.sql']
`);
  const rollback = builtinRule('migration-rollback');
  const up = added('db/001_a.up.sql', ['CREATE TABLE a (id int);']);
  const hollowDown = added('db/001_a.down.sql', ['-- nothing to undo']);
  const bigOther = added('src/big.ts', ['export const x = 1;']);

  it.each([
    ['the rollback first', [hollowDown, bigOther, up]],
    ['the rollback last', [up, bigOther, hollowDown]],
  ])('each sees the hollow rollback (%s), whichever is asked first', (_name, order) => {
    const found = evaluateRules([rollback, companion], order, CHECKS, {
      headPaths: new Set(order.map((change) => change.path)),
    }).map((finding) => `${finding.rule}: ${finding.message.slice(0, 40)}`);
    expect(found).toEqual([
      'migration-rollback: Unexpected empty rollback `db/001_a.down',
      'rollback-pairs: Unexpected empty rollback `db/001_a.down',
    ]);
  });
});
