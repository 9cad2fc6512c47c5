import { parseSlashCommands } from '../../src/core/waivers/parse-slash-commands.js';

describe('parseSlashCommands', () => {
  it.each([
    ['/readiness', [{ name: 'check' }]],
    ['/readiness check', [{ name: 'check' }]],
    ['  /readiness status  ', [{ name: 'status' }]],
    ['/readiness help', [{ name: 'help' }]],
    ['/readiness explain dev-keys', [{ name: 'explain', rule: 'dev-keys' }]],
    ['/readiness explain', [{ name: 'explain', rule: null }]],
    [
      '/readiness waive dev-keys -- test account',
      [{ name: 'waive', rule: 'dev-keys', path: null, reason: 'test account' }],
    ],
    [
      '/readiness waive dev-keys src/a.ts -- a -- b',
      [{ name: 'waive', rule: 'dev-keys', path: 'src/a.ts', reason: 'a -- b' }],
    ],
    ['/readiness waive dev-keys', [{ name: 'waive', rule: 'dev-keys', path: null, reason: null }]],
    [
      '/readiness waive dev-keys --',
      [{ name: 'waive', rule: 'dev-keys', path: null, reason: null }],
    ],
    [
      '/readiness unwaive dev-keys src/a.ts',
      [{ name: 'unwaive', rule: 'dev-keys', path: 'src/a.ts' }],
    ],
    ['/readiness frobnicate now', [{ name: 'unknown', text: 'frobnicate now' }]],
    ['LGTM\n/readiness check\nthanks', [{ name: 'check' }]],
    ['please run /readiness check', []],
    ['/readinesscheck', []],
    ['> /readiness check', []],
    ['```\n/readiness check\n```', []],
  ])('%j', (body, expected) => {
    expect(parseSlashCommands(body)).toEqual(expected);
  });
});
