import { ruleTable } from '../helpers/run-rule.js';

const MESSAGE = 'Unexpected empty error handler';

ruleTable('empty-catch', {
  invalid: [
    {
      name: 'single-line catch {}',
      path: 'src/a.ts',
      lines: ['+try { run(); } catch (e) {}'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'catch without a binding',
      path: 'src/a.ts',
      lines: ['+} catch {}'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'multi-line catch with nothing inside',
      path: 'src/worker.ts',
      lines: [' try {', '   await job.run();', '+} catch (err) {', '+}', ' done();'],
      findings: [{ line: 3, message: MESSAGE }],
    },
    {
      name: 'multi-line catch with a blank line inside',
      path: 'src/worker.ts',
      lines: ['+} catch (err) {', '+', '+}'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: "a handler's body deleted, leaving it empty",
      path: 'src/worker.ts',
      lines: [' } catch (err) {', '-  logger.error(err);', ' }'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'Java catch with a typed exception',
      path: 'src/main/java/App.java',
      lines: ['+    } catch (IOException e) {', '+    }'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'promise .catch(() => {})',
      path: 'src/a.ts',
      lines: ['+loadSettings().catch(() => {});'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'best-effort teardown swallowed: a notice, not a block',
      path: 'src/import.ts',
      lines: ['+    await fs.rm(dir, { recursive: true, force: true }).catch(() => {});'],
      findings: [{ line: 1, message: MESSAGE, severity: 'notice' }],
    },
    {
      name: 'teardown on the line above a chained catch: a notice',
      path: 'src/import.ts',
      lines: ['+    await pool', '+      .end()', '+      .catch(() => {});'],
      findings: [{ line: 3, message: MESSAGE, severity: 'notice' }],
    },
    {
      name: 'promise .catch(() => undefined)',
      path: 'src/a.ts',
      lines: ['+fetchAll().catch(() => undefined);'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'multi-line .catch arrow with an empty body',
      path: 'src/a.ts',
      lines: ['+  .catch((error) => {', '+  });'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'Python except Exception: pass on one line',
      path: 'app/a.py',
      lines: ['+    except Exception: pass'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'Python except Exception: followed by pass',
      path: 'app/tasks.py',
      lines: [
        '+    try:',
        '+        send(mail)',
        '+    except Exception:',
        '+        pass',
        '+    return True',
      ],
      findings: [{ line: 3, message: MESSAGE }],
    },
    {
      name: 'Python bare except with ...',
      path: 'app/tasks.py',
      lines: ['+    except:', '+        ...'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'Python specific exception swallowed: a notice, not a block',
      path: 'app/parse.py',
      lines: ['+    except KeyError:', '+        pass', '+    return None'],
      findings: [{ line: 1, message: MESSAGE, severity: 'notice' }],
    },
    {
      name: 'Python specific exception on one line: a notice',
      path: 'app/parse.py',
      lines: ['+    except KeyError: pass'],
      findings: [{ line: 1, message: MESSAGE, severity: 'notice' }],
    },
    {
      name: 'a binding named to say the error is ignored: a notice',
      path: 'ui/src/import.js',
      lines: ['+    } catch (_) {}'],
      findings: [{ line: 1, message: MESSAGE, severity: 'notice' }],
    },
    {
      name: 'Go if err != nil {} on one line',
      path: 'internal/api/save.go',
      lines: ['+\tif err != nil {}'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'Go if err != nil { } across lines',
      path: 'internal/api/save.go',
      lines: ['+\tif err != nil {', '+\t}'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'Ruby bare rescue straight to end',
      path: 'app/models/user.rb',
      lines: ['+  rescue => e', '+  end'],
      findings: [{ line: 1, message: MESSAGE }],
    },
  ],
  valid: [
    {
      name: 'a catch that logs',
      path: 'src/a.ts',
      lines: ['+} catch (e) { log.error(e); }'],
    },
    {
      name: 'a multi-line catch that rethrows',
      path: 'src/a.ts',
      lines: ['+} catch (err) {', '+  throw new AppError("save failed", { cause: err });', '+}'],
    },
    {
      name: 'a block holding only an explaining comment',
      path: 'src/a.ts',
      lines: ['+} catch {', '+  // the cache is optional: a miss is fine', '+}'],
    },
    {
      name: 'a one-line block holding a comment',
      path: 'src/a.ts',
      lines: ['+} catch { /* optional cache */ }'],
    },
    {
      name: '.catch(() => {}) with an explaining comment on the line above',
      path: 'src/a.ts',
      lines: [
        '+// best effort: the socket may already be closed',
        '+socket.close().catch(() => {});',
      ],
    },
    {
      name: '.catch(() => {}) with a trailing explanation',
      path: 'src/a.ts',
      lines: ['+socket.close().catch(() => {}); // already closed is fine'],
    },
    {
      name: 'an explanation a few lines above a chained catch',
      path: 'src/a.tsx',
      lines: [
        '+  // Load the emojis, skipping any that no longer exist.',
        '+  void Promise.all(',
        '+    ids.map((id) => emojis.fetch(id).catch(() => undefined))',
        '+  );',
      ],
    },
    {
      name: 'Python except that logs',
      path: 'app/a.py',
      lines: ['+    except ValueError as e:', '+        log.warning("bad value: %s", e)'],
    },
    {
      name: 'Python pass followed by more of the same block',
      path: 'app/a.py',
      lines: ['+    except Exception:', '+        pass', '+        cleanup()'],
    },
    {
      name: 'Python except with a comment in the body',
      path: 'app/a.py',
      lines: [
        '+    except Exception:',
        '+        # a missing file is the normal case',
        '+        pass',
      ],
    },
    {
      name: 'Go error handled',
      path: 'internal/api/save.go',
      lines: ['+\tif err != nil {', '+\t\treturn fmt.Errorf("save: %w", err)', '+\t}'],
    },
    {
      name: 'a context-only empty catch the change did not touch',
      path: 'src/a.ts',
      lines: [' } catch (err) {', ' }', '+const x = 1;'],
    },
    {
      name: 'an empty catch in a test file',
      path: 'src/a.test.ts',
      lines: ['+try { run(); } catch (e) {}'],
    },
    {
      name: 'minified bundles in dist/',
      path: 'ui/dist/assets/index-3f9a.js',
      lines: ['+try{a()}catch(e){}'],
    },
    {
      name: 'a minified line elsewhere',
      path: 'public/lib.js',
      lines: [`+${'var a=1;'.repeat(200)}try{a()}catch(e){}`],
    },
    {
      name: 'an empty catch in a Go test file',
      path: 'internal/a_test.go',
      lines: ['+\tif err != nil {}'],
    },
  ],
});
