import { HANDLER_WORDS, ONE_LINE, OPENERS } from '../../src/checks/empty-handler.js';
import { makeChange } from '../helpers/make-change.js';
import { findingsOf, ruleFromYaml } from '../helpers/run-rule.js';

const rule = ruleFromYaml(`id: swallow
title: swallowed
severity: error
description: d
check:
  kind: empty-handler`);

describe('empty-handler', () => {
  it.each<[string, string, string[], number[]]>([
    ['one-line catch', 'a.ts', ['+} catch (e) {}'], [1]],
    ['two-line catch', 'a.ts', ['+} catch (e) {', '+}'], [1]],
    ['catch with a body', 'a.ts', ['+} catch (e) {', '+  report(e);', '+}'], []],
    ['comment-only block', 'a.ts', ['+} catch (e) {', '+  // fine: optional', '+}'], []],
    ['comment above', 'a.ts', ['+// fine: optional', '+} catch (e) {}'], []],
    ['lines not consecutive in the file', 'a.ts', ['+} catch (e) {'], []],
    ['python except pass', 'a.py', ['+except Exception:', '+    pass'], [1]],
    ['go if err != nil {}', 'a.go', ['+\tif err != nil {', '+\t}'], [1]],
    ['untouched handler', 'a.ts', [' } catch (e) {', ' }'], []],
  ])('%s', (_name, path, lines, expected) => {
    expect(findingsOf(rule, [makeChange(path, lines)])).toEqual(expected.map((n) => [path, n]));
  });

  it('does not read the next hunk as the handler body', () => {
    const change = makeChange('a.ts', ['+} catch (e) {']);
    change.lines.push({ kind: 'ctx', text: '}', oldLine: 40, newLine: 41 });
    expect(findingsOf(rule, [change])).toEqual([]);
  });
});

describe('the handler-word pre-filter', () => {
  it('names a word every handler pattern holds, so no handler escapes it', () => {
    const patterns = [...ONE_LINE, ...OPENERS.map(([pattern]) => pattern)];
    expect(patterns.length).toBeGreaterThan(0);
    for (const pattern of patterns)
      expect([pattern.source, HANDLER_WORDS.some((word) => pattern.source.includes(word))]).toEqual(
        [pattern.source, true],
      );
  });

  it('finds a handler in a change whose other lines hold no handler word', () => {
    const change = makeChange('a.rb', ['+x = 1', '+begin', '+  y', '+rescue', '+end']);
    expect(findingsOf(rule, [change])).toEqual([['a.rb', 4]]);
  });
});
