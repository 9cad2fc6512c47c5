import { makeChange } from '../helpers/make-change.js';
import { findingsOf, ruleFromYaml } from '../helpers/run-rule.js';

const rule = ruleFromYaml(
  'id: d\ntitle: t\nseverity: error\ndescription: d\ncheck:\n  kind: disabled-file\n',
);

describe('disabled-file', () => {
  it.each<[string, ReturnType<typeof makeChange>, Array<[string, number]>]>([
    [
      'renamed to .disabled',
      makeChange('src/worker.ts.disabled', [], { status: 'renamed', oldPath: 'src/worker.ts' }),
      [['src/worker.ts.disabled', 1]],
    ],
    [
      'added as .bak',
      makeChange('nginx.conf.bak', ['+x'], { status: 'added' }),
      [['nginx.conf.bak', 1]],
    ],
    ['.skip and .off', makeChange('spec.skip', ['+x'], { status: 'added' }), [['spec.skip', 1]]],
    [
      'renamed between two disabled names',
      makeChange('a.off', [], { status: 'renamed', oldPath: 'a.disabled' }),
      [],
    ],
    [
      'renamed back to enabled',
      makeChange('src/worker.ts', [], { status: 'renamed', oldPath: 'src/worker.ts.disabled' }),
      [],
    ],
    [
      'YAML flag true → false',
      makeChange('config/app.yml', ['-  enabled: true', '+  enabled: false'], {}),
      [['config/app.yml', 1]],
    ],
    [
      'JSON flag true → false',
      makeChange('flags.json', ['-  "fraudEnabled": true,', '+  "fraudEnabled": false,'], {}),
      [['flags.json', 1]],
    ],
    [
      'env flag 1 → 0',
      makeChange('.env.production', ['-AUDIT_ENABLED=1', '+AUDIT_ENABLED=0'], {}),
      [['.env.production', 1]],
    ],
    [
      'flag turned on is fine',
      makeChange('config/app.yml', ['-  enabled: false', '+  enabled: true'], {}),
      [],
    ],
    [
      'a different key',
      makeChange('config/app.yml', ['-  enabled: true', '+  debug_enabled: false'], {}),
      [],
    ],
    [
      'flags in code files are not config',
      makeChange('src/app.ts', ['-  enabled: true', '+  enabled: false'], {}),
      [],
    ],
  ])('%s', (_name, change, expected) => {
    expect(findingsOf(rule, [change])).toEqual(expected);
  });
});
