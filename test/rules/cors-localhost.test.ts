import { ruleTable } from '../helpers/run-rule.js';

const MESSAGE = 'Unexpected development or wildcard origin in CORS';

ruleTable('cors-localhost', {
  invalid: [
    {
      name: 'a localhost origin',
      path: 'src/server.ts',
      lines: ["+app.use(cors({ origin: 'http://localhost:3000' }));"],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'a wildcard origin',
      path: 'src/server.ts',
      lines: ["+app.use(cors({ origin: '*' }));"],
      findings: [{ line: 1, message: MESSAGE }],
    },
    {
      name: 'an allow-list with 127.0.0.1',
      path: 'app/settings.py',
      lines: ['+CORS_ALLOWED_ORIGINS = ["http://127.0.0.1:8000"]'],
      findings: [{ line: 1, message: MESSAGE }],
    },
  ],
  valid: [
    {
      name: 'a production origin',
      path: 'src/server.ts',
      lines: ["+app.use(cors({ origin: 'https://shop.example.com' }));"],
    },
    {
      name: 'in a test',
      path: 'test/server.test.ts',
      lines: ["+app.use(cors({ origin: 'http://localhost:3000' }));"],
    },
    {
      name: 'in development config',
      path: 'config/app.dev.ts',
      lines: ["+  origin: 'http://localhost:3000',"],
    },
  ],
});
