import {
  HANDLER_WORDS,
  ONE_LINE,
  ONE_LINE_WORDS,
  OPENER_WORDS,
  OPENERS,
} from '../../src/checks/empty-handler.js';
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

  it('gives each pattern a word it cannot match without', () => {
    expect(ONE_LINE_WORDS).toHaveLength(ONE_LINE.length);
    expect(OPENER_WORDS).toHaveLength(OPENERS.length);
    const pairs: Array<[RegExp, string]> = [
      ...ONE_LINE.map((pattern, at): [RegExp, string] => [pattern, ONE_LINE_WORDS[at]!]),
      ...OPENERS.map(([pattern], at): [RegExp, string] => [pattern, OPENER_WORDS[at]!]),
    ];
    // Lines each pattern matches, and the same with the word's case or letters changed.
    const lines = [
      '} catch (e) {}',
      '} catch {',
      'p.catch(() => {})',
      'p.catch(async (err) => {',
      'p.catch(function (e) {})',
      'p.catch(function onError(e) {',
      'except: pass',
      '  except ValueError:',
      'if err != nil {}',
      'if err != nil {',
      'begin; x; rescue; end',
      'rescue StandardError => e',
    ];
    let matched = 0;
    for (const [pattern, word] of pairs) {
      expect(HANDLER_WORDS).toContain(word);
      for (const line of lines) {
        if (pattern.test(line)) matched++;
        for (const variant of [line.toUpperCase(), line.replaceAll(word, word.slice(1))])
          if (!variant.includes(word))
            expect([pattern.source, variant, pattern.test(variant)]).toEqual([
              pattern.source,
              variant,
              false,
            ]);
      }
      expect([pattern.source, lines.some((line) => pattern.test(line))]).toEqual([
        pattern.source,
        true,
      ]);
    }
    expect(matched).toBeGreaterThanOrEqual(pairs.length);
  });

  it('finds a handler in a change whose other lines hold no handler word', () => {
    const change = makeChange('a.rb', ['+x = 1', '+begin', '+  y', '+rescue', '+end']);
    expect(findingsOf(rule, [change])).toEqual([['a.rb', 4]]);
  });
});
