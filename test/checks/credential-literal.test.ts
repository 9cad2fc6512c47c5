import { findSecrets, isCredentialName, MAX_LINE } from '../../src/core/rules/find-secrets.js';
import { maskSecrets } from '../../src/core/rules/mask-secret.js';
import { CHECKS } from '../../src/checks/index.js';
import { evaluateRules } from '../../src/core/rules/evaluate-rules.js';
import { makeChange } from '../helpers/make-change.js';
import { findingsOf, ruleFromYaml } from '../helpers/run-rule.js';

const rule = ruleFromYaml(`id: creds
title: credentials
severity: error
description: d
check:
  kind: credential-literal
  expected: the key in the vault`);

describe('credential-literal', () => {
  it.each<[string, string, string, number[]]>([
    ['fallback literal', 'src/a.ts', "+const k = process.env.API_KEY || 'dev-key-1';", [1]],
    ['no literal', 'src/a.ts', '+const k = process.env.API_KEY;', []],
    ['removed line', 'src/a.ts', "-const k = process.env.API_KEY || 'dev-key-1';", []],
    ['.env value', '.env.local', '+SESSION_SECRET=abc', [1]],
    ['.env.example value', '.env.example', '+SESSION_SECRET=abc', []],
    ['YAML weak password', 'config/db.yml', '+  password: admin', [1]],
    ['YAML placeholder', 'config/db.yml', '+  password: ${DB_PASSWORD}', []],
    ['comment line (docs)', 'src/a.ts', "+// const password = 'admin';", []],
  ])('%s', (_name, path, line, expected) => {
    expect(findingsOf(rule, [makeChange(path, [line])])).toEqual(expected.map((n) => [path, n]));
  });

  it('names the kind, masks the value and says what is expected', () => {
    const change = makeChange('src/a.ts', ["+const k = process.env.API_KEY || 'dev-key-1';"]);
    const [finding] = evaluateRules([rule], [change], CHECKS);
    expect(finding?.message).toBe(
      'Unexpected hard-coded fallback value of `API_KEY` `de•••••••`, expected the key in the vault',
    );
    expect(finding?.excerpt).not.toContain('dev-key-1');
  });
});

describe('findSecrets', () => {
  it.each<[string, boolean]>([
    ['jwtSecret', true],
    ['DB_PASSWORD', true],
    ['apiKey', true],
    ['secret_key_base', true],
    ['passwordHash', false],
    ['tokenType', false],
    ['cacheKey', false],
    ['primaryKey', false],
    ['secretName', false],
  ])('isCredentialName(%s) is %s', (name, expected) => {
    expect(isCredentialName(name)).toBe(expected);
  });

  it('names a credential by every head word, however it is written', () => {
    const heads = ['secret', 'secrets', 'token', 'password', 'passwd', 'passphrase', 'pwd'];
    heads.push('psw', 'credential', 'credentials', 'creds', 'jwt', 'dsn', 'apikey', 'auth');
    const names = heads.flatMap((head) => [head, head.toUpperCase(), `app_${head}`, `x.${head}`]);
    // Quotes, `@` and `$` are dropped before the words are read; Kelvin's K lowercases to k.
    names.push('DB_PASS', 'smtpPass', 'apiKey', 'secretValue', 'se$cret', '"token"', 'api\u212Aey');
    expect(names.filter((name) => !isCredentialName(name))).toEqual([]);
  });

  it('reads a bare KEY as a credential only when it comes from the environment', () => {
    expect(isCredentialName('KEY', true)).toBe(true);
    expect(isCredentialName('key', false)).toBe(false);
  });

  it('cuts a long line before matching', () => {
    const line = `${'a'.repeat(MAX_LINE)} const password = 'admin';`;
    expect(findSecrets(line)).toEqual([]);
  });

  it('masks broadly: any value given to a credential-named identifier', () => {
    expect(maskSecrets("login({ password: 'correct horse' })")).not.toContain('correct horse');
    expect(maskSecrets('retry with --token=abcdef0123')).not.toContain('abcdef0123');
    expect(maskSecrets('nothing secret here: count = 3')).toBe('nothing secret here: count = 3');
  });
});
