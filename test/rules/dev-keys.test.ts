import { ruleTable } from '../helpers/run-rule.js';

// Provider keys are assembled at run time so that no scanner mistakes this file for a leak.
const STRIPE = ['sk', 'live', '4eC39HqLyjWDarjtT1zdp7dc'].join('_');
const GITHUB = `ghp_${'A1b2C3d4E5f6G7h8I9j0'}${'K1l2M3n4O5p6Q7r8S9t0'}`;
const AWS_ID = `AKIA${'QYLPMN5HFIQ7RB2X'}`;
const AWS_SECRET = `${'wJalrXUtnFEMI/K7MDENG'}${'/bPxRfiCYzq8w3Nd5tG2r'}`.slice(0, 40);
const SLACK = `xoxb-${'2048'}-${'1024'}-${'hT3kQ9zLm2Wp'}`;
const GOOGLE = `AIza${'SyD4x9Kq2LmN8pQ7rT5vW3yZ1bC6dE0fGhJ'}`;
const JWT = `eyJhbGciOiJIUzI1NiJ9.${'eyJzdWIiOiIxMjM0NTY3ODkwIn0'}.${'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'}`;
const PRIVATE = `-----BEGIN ${'RSA PRIVATE'} KEY-----`;

const code = (path: string, line: string) => ({ path, lines: [' // context', `+${line}`] });

ruleTable('dev-keys', {
  invalid: [
    {
      name: 'fallback after || for an API key read from the environment',
      ...code('src/auth.ts', "const apiKey = process.env.API_KEY || 'local-dev-key';"),
      findings: [{ line: 2, message: 'fallback value of `API_KEY`' }],
    },
    {
      name: 'fallback after ?? for a JWT secret',
      ...code('src/auth.ts', 'const secret = process.env.JWT_SECRET ?? "supersecretdevvalue";'),
      findings: [{ line: 2, message: 'fallback value of `JWT_SECRET`' }],
    },
    {
      name: 'Python getenv with a default',
      ...code('app/settings.py', 'API_KEY = os.getenv("API_KEY", "local-dev-key")'),
      findings: [{ line: 2, message: 'default value of `API_KEY`' }],
    },
    {
      name: "Python environ.get(...) or 'literal'",
      ...code('app/settings.py', 'SECRET = os.environ.get("SECRET_KEY") or "dev-secret"'),
      findings: [{ line: 2, message: 'fallback value of `SECRET_KEY`' }],
    },
    {
      name: "Python dict .get('X', default)",
      ...code('app/config.py', "token = config.get('slack_token', 'xoxo-dev-token')"),
      findings: [{ line: 2, message: 'default value of `slack_token`' }],
    },
    {
      name: 'Ruby ENV.fetch with a default',
      ...code('config/initializers/keys.rb', 'SECRET = ENV.fetch("SECRET_KEY_BASE", "abc123dev")'),
      findings: [{ line: 2, message: 'default value of `SECRET_KEY_BASE`' }],
    },
    {
      name: 'PHP env() with a default',
      ...code('config/services.php', "'secret' => env('STRIPE_SECRET', 'local-stripe'),"),
      findings: [{ line: 2, message: 'default value of `STRIPE_SECRET`' }],
    },
    {
      name: 'PHP getenv ?: fallback',
      ...code('src/Auth.php', "$password = getenv('DB_PASSWORD') ?: 'devpass';"),
      findings: [{ line: 2, message: 'fallback value of `DB_PASSWORD`' }],
    },
    {
      name: 'a default parameter falling back to a literal key',
      ...code('src/sign.ts', "export function sign(body, k = process.env.KEY || 'dev-key') {"),
      findings: [{ line: 2, message: 'fallback value of `KEY`' }],
    },
    {
      name: 'shell default ${VAR:-literal}',
      ...code('deploy/start.sh', 'export JWT_SECRET="${JWT_SECRET:-insecure-dev-secret}"'),
      findings: [{ line: 2, message: 'fallback value of `JWT_SECRET`' }],
    },
    {
      name: 'a connection string with a password',
      ...code('src/db.ts', "const url = 'postgres://admin:hunter22@db/app';"),
      findings: [{ line: 2, message: 'password in a connection string' }],
    },
    {
      name: 'Ruby ENV.fetch with a weak default in a controller',
      ...code(
        'app/controllers/webhooks_controller.rb',
        'password: ENV.fetch("WEBHOOK_PASSWORD", "password")',
      ),
      findings: [{ line: 2, message: 'default value of `WEBHOOK_PASSWORD`' }],
    },
    {
      name: 'Laravel config env() with a dev default',
      ...code('config/database.php', "'password' => env('DB_PASSWORD', 'mysql'),"),
      findings: [{ line: 2, message: 'default value of `DB_PASSWORD`' }],
    },
    {
      name: 'DB_PASS in an object',
      ...code('src/db.ts', "  DB_PASS: 'admin',"),
      findings: [{ line: 2, message: '`DB_PASS`' }],
    },
    {
      name: 'a DSN in a YAML config',
      ...code('config/production.yml', '  url: mysql://app:s3cr3t-pw@db.internal:3306/shop'),
      findings: [{ line: 2, message: 'password in a connection string' }],
    },
    {
      name: "'admin' assigned to a password",
      ...code('src/seed.ts', "const adminPassword = 'admin';"),
      findings: [{ line: 2, message: 'literal assigned to `adminPassword`' }],
    },
    {
      name: "'changeme' in an object literal",
      ...code('src/db.ts', "  password: 'changeme',"),
      findings: [{ line: 2, message: 'literal assigned to `password`' }],
    },
    {
      name: "DB_PASSWORD = 'password' (a weak value, not an enumeration)",
      ...code('app/settings.py', "DB_PASSWORD = 'password'"),
      findings: [{ line: 2, message: 'literal assigned to `DB_PASSWORD`' }],
    },
    {
      name: "'password' as a Python keyword argument",
      ...code('app/db.py', 'conn = connect(user="app", password="password")'),
      findings: [{ line: 2, message: 'literal assigned to `password`' }],
    },
    {
      name: 'Go struct field with a random-looking secret',
      ...code('internal/conf/conf.go', '\tClientSecret: "9f8e7d6c5b4a39281706f5e4d3c2b1a0",'),
      findings: [{ line: 2, message: 'literal assigned to `ClientSecret`' }],
    },
    {
      name: 'Stripe secret key',
      ...code('src/pay.ts', `const stripe = new Stripe('${STRIPE}');`),
      findings: [{ line: 2, message: 'Stripe secret key' }],
    },
    {
      name: 'GitHub token',
      ...code('scripts/release.go', `token := "${GITHUB}"`),
      findings: [{ line: 2, message: 'GitHub token' }],
    },
    {
      name: 'AWS access key id',
      ...code('deploy/env.sh', `export AWS_ACCESS_KEY_ID=${AWS_ID}`),
      findings: [{ line: 2, message: 'AWS access key' }],
    },
    {
      name: 'AWS secret access key',
      ...code('deploy/aws.ini', `aws_secret_access_key = ${AWS_SECRET}`),
      findings: [{ line: 2, message: 'AWS secret access key' }],
    },
    {
      name: 'Slack bot token',
      ...code('src/notify.ts', `const slack = new WebClient('${SLACK}');`),
      findings: [{ line: 2, message: 'Slack token' }],
    },
    {
      name: 'Google API key',
      ...code('src/maps.ts', `const maps = load({ key: '${GOOGLE}' });`),
      findings: [{ line: 2, message: 'Google API key' }],
    },
    {
      name: 'a private key',
      ...code('deploy/key.pem', PRIVATE),
      findings: [{ line: 2, message: 'private key' }],
    },
    {
      name: 'a JWT',
      ...code('src/client.ts', `headers.Authorization = 'Bearer ${JWT}';`),
      findings: [{ line: 2, message: 'JSON Web Token' }],
    },
    {
      name: 'a committed .env file',
      path: '.env',
      lines: ['+PORT=3000', '+JWT_SECRET=devsecret', '+DB_PASSWORD="hunter22"'],
      findings: [
        { line: 2, message: 'value of `JWT_SECRET`' },
        { line: 3, message: '`DB_PASSWORD`' },
      ],
    },
    {
      name: 'a committed .env.production file',
      path: 'apps/api/.env.production',
      lines: ['+STRIPE_API_KEY=prod_abc_123'],
      findings: [{ line: 1, message: 'value of `STRIPE_API_KEY`' }],
    },
    {
      name: 'the message never shows the secret',
      ...code('src/db.ts', "const url = 'postgres://admin:hunter22@db/app';"),
      findings: [{ line: 2, message: /^(?:(?!hunter22).)*$/ }],
    },
  ],
  valid: [
    {
      name: 'read from the environment, no fallback',
      ...code('src/auth.ts', 'const apiKey = process.env.API_KEY;'),
    },
    {
      name: 'an empty fallback',
      ...code('src/auth.ts', "const apiKey = process.env.API_KEY || '';"),
    },
    {
      name: 'a fallback for a non-credential variable',
      ...code('src/server.ts', "const host = process.env.HOST || 'localhost';"),
    },
    {
      name: 'an identifier that only contains "token" (Go constant naming a hash kind)',
      ...code('internal/models/token.go', 'PhoneChangeToken = "phone-change-token-hash"'),
    },
    {
      name: 'another token-kind name repeating the identifier',
      ...code('internal/models/token.go', '\tRecoveryToken TokenType = "recovery-token-hash"'),
    },
    {
      name: 'a storage key naming a token',
      ...code('app/stores/auth.ts', "const TOKEN_KEY = 'auth_token';"),
    },
    {
      name: 'a translation of "Client Secret"',
      path: 'shared/i18n/locales/de_DE/translation.json',
      lines: ['+  "Client Secret": "Client-Geheimnis",'],
    },
    {
      name: 'a label keyed by a spaced phrase outside locale folders',
      ...code('app/strings.ts', '  "Client Secret": "Client-Geheimnis",'),
    },
    {
      name: 'a URL as the value',
      ...code('src/oauth.ts', '  token: "https://accounts.google.com/o/oauth2/token",'),
    },
    {
      name: 'a file path as the value',
      ...code('config/tls.yml', '  private_key: /etc/ssl/private/server.key'),
    },
    {
      name: 'a JSDoc @example',
      ...code('src/sdk.ts', " * @example const key = process.env.API_KEY || 'my-dev-key';"),
    },
    {
      name: 'a placeholder in angle brackets',
      ...code('src/config.ts', "const apiKey = '<your-key>';"),
    },
    {
      name: 'an interpolation placeholder',
      ...code('src/config.ts', 'const password = "${DB_PASSWORD}";'),
    },
    {
      name: 'an xxx placeholder',
      ...code('src/config.ts', "const apiKey = 'xxxx-xxxx-xxxx';"),
    },
    {
      name: 'changeme in .env.example',
      path: '.env.example',
      lines: ['+JWT_SECRET=changeme', '+API_KEY=<your-key>'],
    },
    {
      name: 'a translated label through t()',
      ...code('app/Login.tsx', "const label = t('password') || 'Password';"),
    },
    {
      name: 'a password field label',
      ...code('app/Login.tsx', "  password: 'Password',"),
    },
    {
      name: 'a type annotation only',
      ...code('src/types.ts', '  password: string;'),
    },
    {
      name: 'AWS documentation example key',
      ...code('docs-snippets/aws.ts', "const id = 'AKIAIOSFODNN7EXAMPLE';"),
    },
    ...[
      ['JS/TS test file', 'src/auth.test.ts'],
      ['JS/TS spec file', 'src/auth.spec.ts'],
      ['__tests__ folder', 'src/__tests__/auth.ts'],
      ['__mocks__ folder', 'src/__mocks__/stripe.ts'],
      ['cypress', 'cypress/support/login.ts'],
      ['e2e', 'e2e/login.ts'],
      ['Go test file', 'internal/api/token_test.go'],
      ['Go testdata', 'internal/api/testdata/config.go'],
      ['Python test_*.py', 'app/test_auth.py'],
      ['Python *_test.py', 'app/auth_test.py'],
      ['Python conftest.py', 'app/conftest.py'],
      ['Ruby spec folder', 'spec/models/user.rb'],
      ['Ruby *_spec.rb', 'lib/user_spec.rb'],
      ['Java/Kotlin src/test', 'src/test/java/AuthTest.java'],
      ['Rust tests folder', 'tests/auth.rs'],
      ['PHP tests folder', 'tests/Feature/AuthTest.php'],
      ['fixtures folder', 'app/fixtures/users.ts'],
      ['mocks folder', 'app/mocks/api.ts'],
    ].map(([what, path]) => ({
      name: `in test code: ${what}`,
      ...code(path as string, "const apiKey = process.env.API_KEY || 'local-dev-key';"),
    })),
    {
      name: 'a throwaway database URL in a CI workflow',
      path: '.github/workflows/test.yml',
      lines: [
        '+        run: psql -f init.sql postgresql://postgres:postgres@localhost:5432/postgres',
      ],
    },
    {
      name: 'a local docker-compose service password',
      path: 'docker-compose.dev.yml',
      lines: ['+      POSTGRES_PASSWORD: root'],
    },
    {
      name: 'an env file made for tests (hack/test_*.env)',
      path: 'hack/test_asymmetric.env',
      lines: ['+GOTRUE_JWT_SECRET=X4dN9qT2mLp8Rv6Wz3Ky7Hs1'],
    },
    {
      name: 'a Laravel model factory (test data)',
      path: 'database/factories/UserFactory.php',
      lines: ["+            'password' => 'secret',"],
    },
    {
      name: 'example values in an OpenAPI description',
      path: 'openapi.yaml',
      lines: ['+          password: password1'],
    },
    {
      name: 'Django apps.get_model("auth", "User") is no config read',
      ...code('app/migrations/0049_lower.py', '    User = apps.get_model("auth", "User")'),
    },
    {
      name: 'a TypeScript optional property typed as a string union',
      ...code('app/api.ts', '  credentials?: "omit" | "same-origin" | "include";'),
    },
    {
      name: 'a password manager named in an enum (LastPass)',
      ...code('shared/passkeys.ts', '  LastPass = "b78a0a55-6ef8-d246-a042-ba0f6d55050c",'),
    },
    {
      name: 'a documented connection string shape',
      ...code('server/validators.ts', ' * Single host: postgresql://user:password@host:port/db'),
    },
    {
      name: 'a database on localhost in a dev script',
      ...code('hack/migrate.sh', 'export DB_URL="postgres://app_admin:root@localhost:5432/app"'),
    },
    {
      name: 'an example env file named example.env',
      path: 'example.docker.env',
      lines: ['+JWT_SECRET=replace-me-with-a-long-value'],
    },
    {
      name: 'an EJSON-encrypted value',
      path: 'config/deploy/staging/secrets.ejson',
      lines: ['+  "secret_key_base": "EJ[1:Qm9ndXM=:c2FsdA==:ZW5jcnlwdGVkIHZhbHVl]",'],
    },
    {
      name: 'a private key placeholder in a UI field',
      ...code(
        'ui/src/oauth2/apple.js',
        `  placeholder: "${PRIVATE}\\n...\\n-----END PRIVATE KEY-----",`,
      ),
    },
    {
      name: 'generated type declarations',
      path: 'plugins/types/generated/types.d.ts',
      lines: ["+  secret: 'a8f5f167f44f4964e6c998dee827110c'"],
    },
    {
      name: 'an API docs page with sample payloads',
      path: 'ui/src/apiPreview/docsCreate.js',
      lines: ['+        payload.password = "123456789";'],
    },
    {
      name: 'an enumeration whose value is its own name (FieldTypePassword = "password")',
      ...code('core/field.go', '\tFieldTypePassword = "password"'),
    },
    {
      name: 'an auth method named password',
      ...code('core/mfa.go', 'const MFAMethodPassword = "password"'),
    },
    {
      name: 'a line the change did not add',
      path: 'src/config.ts',
      lines: [` const key = '${STRIPE}';`, '+x'],
    },
  ],
});
