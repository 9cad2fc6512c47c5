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
