import { jest } from '@jest/globals';
import { CHECKS } from '../../src/checks/index.js';
import { evaluateRules } from '../../src/core/rules/evaluate-rules.js';
import { loadBuiltinRules } from '../../src/local/load-builtin-rules.js';
import { makeChange } from '../helpers/make-change.js';

// Issue 10, item 11: the whole built-in pack on a change whose added lines are 80k characters
// of each hostile shape. A backtracking matcher runs past this timeout, which is the failure.
jest.setTimeout(5000);

const LONG = 80_000;
// Lines are cut to 4,096 characters before the matchers; a quadratic one still costs tens of
// milliseconds a line there, so each file holds several such lines.
const COPIES = 20;
const fill = (unit: string) => unit.repeat(Math.ceil(LONG / unit.length)).slice(0, LONG);

const SHAPES: Array<[string, string]> = [
  ['spaces', `x${fill(' ')}x`],
  ['tabs and spaces', `x${fill(' \t')}x`],
  ['stars', fill('*')],
  ['block comment opened', `/*${fill(' ')}x`],
  ['block comment of stars', `/* a ${fill('* ')}x`],
  ['HTML comments', fill('<!--')],
  ['HTML comment opened', `<!--${fill(' ')}-- >`],
  ['quotes', fill('"')],
  ['single quotes', fill("'")],
  ['quote pairs', fill('"a" ')],
  ['angle brackets', fill('>')],
  ['slashes', fill('/')],
  ['hashes', fill('#')],
  ['dashes', fill('-')],
  ['separators', fill(':=')],
  ['key with padding', `enabled${fill(' ')}x`],
  ['backslashes', fill('\\')],
  ['brackets', fill('[a](')],
  ['braces', fill('{(')],
  ['a word', fill('a')],
  ['dots', fill('.')],
  ['equals and quotes', fill('="')],
  ['url-like', `http://${fill('a:')}@`],
  ['call-like', `process.env.X || ${fill('(')}`],
  ['catch-like', `catch (e) {${fill(' ')}`],
];

const FILES = [
  'src/server.ts',
  'config/features.yml',
  '.env.production',
  'db/migrations/002_add_index.sql',
  'public/index.html',
  'app/main.py',
];

describe('the built-in pack on 80k-character hostile lines', () => {
  const { rules, errors } = loadBuiltinRules();

  it('loads', () => {
    expect(errors).toEqual([]);
    expect(rules.length).toBeGreaterThan(5);
  });

  it.each(SHAPES)(
    '%s: no finding on the hostile lines, the real ones found',
    async (_name, hostile) => {
      const changes = FILES.map((path) =>
        makeChange(path, [
          '-startWorker(queue);',
          `+${hostile}`,
          '+// startWorker(queue);',
          ...Array<string>(COPIES).fill(`+${hostile}`),
          ...Array<string>(COPIES).fill(`-${hostile}`),
        ]),
      );
      changes.push(
        makeChange('src/jobs.ts', ['+sync();', '+try { sync(); } catch (e) {}', `+${hostile}`]),
      );
      const found: Array<[string, string, number]> = [];
      // One file at a time, with a turn of the event loop between, so the timeout can fire.
      for (const change of changes) {
        await new Promise((resolve) => setImmediate(resolve));
        for (const finding of evaluateRules(rules, [change], CHECKS))
          found.push([finding.rule, finding.path, finding.line]);
      }
      // The comment brought back in each file, the empty catch: nothing else, whatever the lines.
      const expected = [
        ...FILES.map((path) => ['disabled-service', path, 2]),
        ['empty-catch', 'src/jobs.ts', 2],
      ];
      expect(found.sort()).toEqual(expected.sort());
    },
  );
});
