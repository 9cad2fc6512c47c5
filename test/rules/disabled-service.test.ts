import { ruleTable } from '../helpers/run-rule.js';

ruleTable('disabled-service', {
  invalid: [
    {
      name: 'a middleware commented out',
      path: 'src/server.ts',
      lines: ['-app.use(rateLimit());', '+// app.use(rateLimit());'],
      findings: [{ line: 1, message: 'Unexpected commented-out `app.use(rateLimit());`' }],
    },
    {
      name: 'a Python import commented out',
      path: 'app/main.py',
      lines: ['-from .audit import audit_log', '+# from .audit import audit_log'],
      findings: [{ line: 1, message: 'commented-out `from .audit import audit_log`' }],
    },
    {
      name: 'a Rails before_action commented out',
      path: 'app/controllers/application_controller.rb',
      lines: ['-  before_action :set_locale', '+  # before_action :set_locale'],
      findings: [{ line: 1, message: 'before_action :set_locale' }],
    },
    {
      name: 'a whole block commented out: one finding',
      path: 'src/jobs.ts',
      lines: [
        '-scheduler.every("1h", async () => {',
        '-  await billing.reconcile();',
        '-});',
        '+// scheduler.every("1h", async () => {',
        '+//   await billing.reconcile();',
        '+// });',
      ],
      findings: [{ line: 1, message: 'Unexpected 2 lines commented out' }],
    },
    {
      name: 'two separate blocks: two findings',
      path: 'src/server.ts',
      lines: [
        '-app.use(helmet());',
        '+// app.use(helmet());',
        ' app.use(router);',
        '-app.use(csrf());',
        '+// app.use(csrf());',
      ],
      findings: [
        { line: 1, message: 'helmet' },
        { line: 3, message: 'csrf' },
      ],
    },
  ],
  valid: [
    {
      name: 'a new comment',
      path: 'src/server.ts',
      lines: ['+// rate limiting lives in the gateway'],
    },
    {
      name: 'code removed without a comment',
      path: 'src/server.ts',
      lines: ['-app.use(rateLimit());'],
    },
    {
      name: 'markdown',
      path: 'docs/x.md',
      lines: ['-app.use(rateLimit());', '+<!-- app.use(rateLimit()); -->'],
    },
    {
      name: 'commented-out tests in a JS spec',
      path: 'src/cart.spec.ts',
      lines: ['-  it("adds an item", () => {', '+  // it("adds an item", () => {'],
    },
    {
      name: 'commented-out tests in a Go test file',
      path: 'internal/cart/cart_test.go',
      lines: [
        '-\tt.Run("adds an item", func(t *testing.T) {',
        '+\t// t.Run("adds an item", func(t *testing.T) {',
      ],
    },
    {
      name: 'commented-out Ruby spec',
      path: 'spec/models/cart_spec.rb',
      lines: ['-  it "adds an item" do', '+  # it "adds an item" do'],
    },
    {
      name: 'a short line such as a closing brace',
      path: 'src/a.ts',
      lines: ['-  });', '+  // });'],
    },
  ],
});
