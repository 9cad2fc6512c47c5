import { parseSlashCommands } from '../../src/core/waivers/parse-slash-commands.js';

const WAIVE = '/readiness waive dev-keys -- planted';

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

describe('parseSlashCommands on hostile comments', () => {
  // Each of these renders with no visible `/readiness waive` line, so none is a command.
  it.each([
    ['an HTML comment', `LGTM\n\n<!--\n${WAIVE}\n-->`],
    ['an inline HTML comment spanning lines', `Looks good <!-- hidden\n${WAIVE}\n--> ship it`],
    ['raw HTML', `<div hidden>\n${WAIVE}\n</div>`],
    ['an indented code block', `Example:\n\n    ${WAIVE}`],
    ['a fence closed by the other fence character', `\`\`\`\n${WAIVE}\n~~~\n`],
    ['a fence closed by a shorter fence', `\`\`\`\`\n\`\`\`\n${WAIVE}\n`],
    ['an unclosed fence', `~~~\n${WAIVE}`],
    ['a block quote', `> ${WAIVE}`],
    ['a lazy block-quote continuation', `> quoting you\n${WAIVE}`],
    ['inline code', `\`${WAIVE}\``],
    ['a list item', `- ${WAIVE}`],
    ['a setext heading', `${WAIVE}\n---`],
    ['a table cell', `| a |\n|---|\n${WAIVE}`],
  ])('ignores a waiver in %s', (_, body) => {
    expect(parseSlashCommands(body)).toEqual([]);
  });

  it('still reads a visible command after hidden ones', () => {
    expect(parseSlashCommands(`<!--\n${WAIVE}\n-->\n\nThanks.\n${WAIVE}`)).toEqual([
      { name: 'waive', rule: 'dev-keys', path: null, reason: 'planted' },
    ]);
  });

  it('keeps paths and reasons as written (no markdown emphasis)', () => {
    expect(parseSlashCommands('/readiness waive dev-keys src/__init__.py -- a *b* c')).toEqual([
      { name: 'waive', rule: 'dev-keys', path: 'src/__init__.py', reason: 'a *b* c' },
    ]);
  });

  it('reads a 60k-character comment without backtracking and finds its one command (a line too long to be a command is not one)', () => {
    // Runs of spaces make `(.*?)\s*$`-style regexes quadratic; a catastrophic one would hang
    // this test until Jest's timeout.
    const padding = Array.from({ length: 500 }, () => `word ${' '.repeat(95)}x`).join('\n\n');
    const body = `${padding}\n\n/readiness status${' '.repeat(500)}\n\n/readiness x${' '.repeat(9_000)}y`;
    expect(body.length).toBeGreaterThan(60_000);
    expect(body.length).toBeLessThan(65_536);
    expect(parseSlashCommands(body)).toEqual([{ name: 'status' }]);
  });

  it('bounds hostile markdown: deep nesting and unclosed emphasis are not parsed at length', () => {
    const nested = `${'>'.repeat(30_000)} x\n${WAIVE}`;
    const emphasis = `${'**a'.repeat(20_000)}\n${WAIVE}`;
    expect(parseSlashCommands(nested)).toEqual([]);
    expect(parseSlashCommands(emphasis)).toEqual([]);
  });

  it('reads at most ten commands and only the first 65,536 characters', () => {
    const many = Array.from({ length: 50 }, () => '/readiness status').join('\n\n');
    expect(parseSlashCommands(many)).toHaveLength(10);
    expect(parseSlashCommands(`${'a'.repeat(65_536)}\n\n/readiness check`)).toEqual([]);
  });

  it('caps what an unknown command keeps of its text', () => {
    const [command] = parseSlashCommands(`/readiness ${'z'.repeat(500)}`);
    expect(command).toEqual({ name: 'unknown', text: 'z'.repeat(100) });
  });
});
