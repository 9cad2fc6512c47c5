import { parseUnifiedDiff } from '../../src/core/diff/parse-unified-diff.js';
import { builtinRule, findingsOf } from '../helpers/run-rule.js';

// Each rule's valid/invalid table lives in test/rules/<id>.test.ts.

describe('built-in rules on real git diffs', () => {
  const rule = builtinRule('dev-keys');

  it('finds an added key in a renamed file, on the new path and line', () => {
    const diff = [
      'diff --git a/src/old.ts b/src/new.ts',
      'similarity index 90%',
      'rename from src/old.ts',
      'rename to src/new.ts',
      'index 1111111..2222222 100644',
      '--- a/src/old.ts',
      '+++ b/src/new.ts',
      '@@ -4,2 +4,3 @@ export const a = 1;',
      ' const b = 2;',
      "+const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';",
      ' const c = 3;',
      '',
    ].join('\n');
    expect(findingsOf(rule, parseUnifiedDiff(diff))).toEqual([['src/new.ts', 5]]);
  });

  it('handles CRLF files', () => {
    const diff =
      "diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1,1 +1,2 @@\n x\r\n+const password = 'hunter2hunter2';\r\n";
    expect(findingsOf(rule, parseUnifiedDiff(diff))).toEqual([['a.ts', 2]]);
  });

  it('skips binary files and deleted files', () => {
    const diff = [
      'diff --git a/img.png b/img.png',
      'new file mode 100644',
      'Binary files /dev/null and b/img.png differ',
      'diff --git a/gone.ts b/gone.ts',
      'deleted file mode 100644',
      '--- a/gone.ts',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      "-const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';",
      '',
    ].join('\n');
    const changes = parseUnifiedDiff(diff);
    expect(changes.map((c) => [c.path, c.status, c.binary])).toEqual([
      ['img.png', 'added', true],
      ['gone.ts', 'deleted', false],
    ]);
    expect(findingsOf(rule, changes)).toEqual([]);
  });
});
