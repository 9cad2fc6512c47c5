import { parseRules } from '../../src/core/rules/parse-rules.js';
import { CHECKS } from '../../src/checks/index.js';

const valid = `- id: good-rule
  title: Good
  severity: warning
  description: d
  check:
    kind: added-line-pattern
    pattern: 'x'
`;

describe('parseRules', () => {
  it('reads a valid rule with defaults', () => {
    const { rules, errors } = parseRules(valid, 'r.yml', CHECKS);
    expect(errors).toEqual([]);
    expect(rules[0]).toMatchObject({
      id: 'good-rule',
      phase: 1,
      paths: { include: ['**'], exclude: [] },
      source: { path: 'r.yml', line: 1 },
    });
  });

  it.each([
    [
      'an unknown key',
      'id: a\ntitle: t\nseverity: error\ndescription: d\ncolour: red\ncheck:\n  kind: disabled-file\n',
      5,
      1,
      /^Unexpected key `colour`, expected one of: id, title, severity/,
    ],
    [
      'a wrong severity',
      'id: a\ntitle: t\nseverity: fatal\ndescription: d\ncheck:\n  kind: disabled-file\n',
      3,
      11,
      /^Unexpected string `f••••` \(5 characters\) for `severity`, expected one of: error, warning, notice$/,
    ],
    [
      'a wrong type',
      'id: a\ntitle: t\nseverity: error\nphase: first\ndescription: d\ncheck:\n  kind: disabled-file\n',
      4,
      8,
      /^Unexpected string `f••••` \(5 characters\) for `phase`, expected a whole number$/,
    ],
    [
      'a missing key',
      'id: a\nseverity: error\ndescription: d\ncheck:\n  kind: disabled-file\n',
      1,
      1,
      /without `title`/,
    ],
    [
      'an id that is not kebab-case',
      'id: Bad_Id\ntitle: t\nseverity: error\ndescription: d\ncheck:\n  kind: disabled-file\n',
      1,
      5,
      /expected a kebab-case id/,
    ],
    [
      'an unknown check kind',
      'id: a\ntitle: t\nseverity: error\ndescription: d\ncheck:\n  kind: magic\n',
      6,
      9,
      /^Unexpected string `m••••` \(5 characters\) for `check.kind`, expected one of: added-line-pattern/,
    ],
    [
      'an unknown check option',
      'id: a\ntitle: t\nseverity: error\ndescription: d\ncheck:\n  kind: added-line-pattern\n  pattern: x\n  scoop: added\n',
      8,
      3,
      /^Unexpected key `scoop` in `check`/,
    ],
    [
      'a regex RE2 cannot run',
      "id: a\ntitle: t\nseverity: error\ndescription: d\ncheck:\n  kind: added-line-pattern\n  pattern: '(?<=a)b'\n",
      6,
      3,
      /^Unexpected regular expression `\(\?<=a\)b`.*expected RE2 syntax/,
    ],
    ['broken YAML', 'id: a\n  title: [\n', 1, 5, /^Unexpected YAML/],
  ])('reports %s with file:line:column', (_name, yaml, line, column, message) => {
    const { rules, errors } = parseRules(yaml, 'rules/x.yml', CHECKS);
    expect(rules).toEqual([]);
    expect(errors[0]).toMatchObject({ path: 'rules/x.yml', line, column });
    expect(errors[0]?.message).toMatch(message);
  });

  it('keeps the good rules when one is bad', () => {
    const { rules, errors } = parseRules(
      `${valid}- id: bad\n  title: t\n  severity: nope\n  description: d\n  check: { kind: disabled-file }\n`,
      'r.yml',
      CHECKS,
    );
    expect(rules.map((rule) => rule.id)).toEqual(['good-rule']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.line).toBe(10);
  });
});
