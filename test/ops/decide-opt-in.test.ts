import { parseConfig } from '../../src/core/config/parse-config.js';
import { decideOptIn } from '../../src/core/gate/decide-opt-in.js';
import { CHECKS } from '../../src/checks/index.js';

describe('decideOptIn', () => {
  it.each([
    // hasDocument, hasConfig, whenUnconfigured, expected
    [true, true, undefined, 'evaluate'],
    [true, false, undefined, 'evaluate'],
    [false, true, undefined, 'evaluate'],
    [false, false, undefined, 'skip'],
    [false, false, 'skip', 'skip'],
    [false, false, 'neutral', 'neutral'],
    [true, false, 'neutral', 'evaluate'],
    // A read that failed counts as opted in: the evaluation then fails closed, never silently.
    [null, false, 'skip', 'evaluate'],
    [false, null, 'skip', 'evaluate'],
  ] as const)('document %p, config %p, whenUnconfigured %p → %s', (doc, config, when, expected) => {
    expect(
      decideOptIn({
        hasDocument: doc,
        hasConfig: config,
        ...(when ? { whenUnconfigured: when } : {}),
      }),
    ).toBe(expected);
  });
});

describe('whenUnconfigured in the config', () => {
  it('defaults to skip', () => {
    expect(parseConfig('gate: { phase: 1 }\n', 'c.yml', CHECKS).config.whenUnconfigured).toBe(
      'skip',
    );
  });

  it('reads neutral', () => {
    const { config, errors } = parseConfig('whenUnconfigured: neutral\n', 'c.yml', CHECKS);
    expect(errors).toEqual([]);
    expect(config.whenUnconfigured).toBe('neutral');
  });

  it('rejects any other value with file:line', () => {
    const { errors } = parseConfig('gate: { phase: 1 }\nwhenUnconfigured: fail\n', 'c.yml', CHECKS);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'c.yml', line: 2 });
  });
});
