import { ruleTable } from '../helpers/run-rule.js';

const MESSAGE = 'Unexpected mock in production code';

ruleTable('mock-in-production', {
  invalid: [
    {
      name: 'jest.mock in source',
      path: 'src/payments.ts',
      lines: ["+jest.mock('./stripe');"],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'sinon stub in source',
      path: 'src/a.js',
      lines: ['+const s = sinon.stub(api, "charge");'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'a mock client',
      path: 'src/app.ts',
      lines: ['+const client = new MockPaymentClient();'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'a mock-data flag on',
      path: 'src/config.ts',
      lines: ['+  useMockData: true,'],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'unittest.mock in a Python module',
      path: 'app/billing.py',
      lines: ['+from unittest import mock'],
      findings: [{ line: 1, message: MESSAGE }],
    },
  ],
  valid: [
    { name: 'in a test file', path: 'src/payments.test.ts', lines: ["+jest.mock('./stripe');"] },
    {
      name: 'in __mocks__',
      path: 'src/__mocks__/stripe.ts',
      lines: ['+export class MockPaymentClient {}'],
    },
    {
      name: 'in a Go test file',
      path: 'internal/pay/pay_test.go',
      lines: ['+\tclient := NewMockPaymentClient()'],
    },
    {
      name: 'in a Python test',
      path: 'app/tests/test_billing.py',
      lines: ['+from unittest import mock'],
    },
    {
      name: 'in a Ruby spec',
      path: 'spec/billing_spec.rb',
      lines: ['+    client = MockPaymentClient.new'],
    },
    { name: 'the word mock in prose', path: 'src/a.ts', lines: ['+// do not mock the clock here'] },
  ],
});
