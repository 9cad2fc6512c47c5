import { compileTrustedRegex, type TrustedRegex } from './compile-trusted-regex.js';
import { buildAutomaton, findFirstKeywordEnd, KELVIN, LOWER_K } from './keyword-automaton.js';
import { configLineParts } from './scan-config-line.js';
import { assignedName, envCallDefault, lastName } from './scan-literal-context.js';

/**
 * The credential detector behind `dev-keys` and behind masking in every output.
 *
 * Built like gitleaks and secretlint: a cheap keyword pre-filter, per-provider patterns, a
 * generic "credential-named identifier gets a literal" detector with entropy and dev-value
 * checks, and allowlists for what users report as false positives (placeholders, URLs, paths,
 * names that repeat the identifier, translation labels). Every pattern runs in linear time (on V8
 * when recheck proved it linear, else on RE2) and every line is cut to MAX_LINE characters first.
 * The context before a literal (the name it is assigned to, the call it defaults in) is read by
 * the backward scanners of scan-literal-context.ts: their patterns are polynomial on V8 and the
 * slowest part of the detector on RE2.
 */

export interface SecretSpan {
  /** Offsets of the secret value inside the scanned text. */
  start: number;
  end: number;
  /** What was found, for the message: "Stripe secret key", "fallback value of `API_KEY`". */
  kind: string;
}

export interface FindSecretsOptions {
  /**
   * `detect` reports what a reviewer should block on; `mask` is broader (any value given to a
   * credential-named identifier), since hiding a harmless value costs nothing.
   */
  mode?: 'detect' | 'mask';
  /** The file's path: `.env` and config files have their own line forms. */
  path?: string;
  /**
   * What a keyword scan of the line (cut to MAX_LINE, lowercased) already found: whether it
   * holds one of KEYWORDS, and one of PROVIDER_HINTS. The line is then not lowercased again.
   */
  known?: { keyword: boolean; hint: boolean };
}

export const MAX_LINE = 4096;

/** A line holds one of these (lowercased) or holds no secret this detector reports. */
export const KEYWORDS = [
  'key',
  'secret',
  'token',
  'passw',
  'pwd',
  'pass',
  'psw',
  'credential',
  'creds',
  'auth',
  'jwt',
  'dsn',
  'akia',
  'asia',
  'abia',
  'acca',
  'aws',
  'aiza',
  'ghp_',
  'gho_',
  'ghu_',
  'ghs_',
  'ghr_',
  'github_pat_',
  'sk_',
  'rk_',
  'xox',
  'hooks.slack.com',
  'private key',
  'eyj',
  '://',
];

// Ours, so on V8 when proven linear (test/perf/redos.test.ts), else on RE2.
function re(source: string, flags = 0): TrustedRegex {
  return compileTrustedRegex(source, flags);
}

interface Provider {
  kind: string;
  /** Lower-case fragments one of which the line must hold before the regex runs. */
  hints: string[];
  regex: TrustedRegex;
  /** The capture group holding the secret (0: the whole match). */
  group: number;
}

const PROVIDERS: Provider[] = [
  {
    hints: ['akia', 'asia', 'abia', 'acca'],
    kind: 'AWS access key',
    regex: re(`\\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\\b`),
    group: 1,
  },
  {
    hints: ['aws'],
    kind: 'AWS secret access key',
    regex: re(
      `(?i)aws_?secret_?(?:access_?)?key["']?\\s*(?:[:=]|=>|:=)\\s*["']?([A-Za-z0-9/+]{40})\\b`,
    ),
    group: 1,
  },
  {
    hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    kind: 'GitHub token',
    regex: re(`\\b((?:ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36,})`),
    group: 1,
  },
  {
    hints: ['github_pat_'],
    kind: 'GitHub token',
    regex: re(`\\b(github_pat_[0-9A-Za-z_]{50,})`),
    group: 1,
  },
  {
    hints: ['sk_', 'rk_'],
    kind: 'Stripe secret key',
    regex: re(`\\b((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,})`),
    group: 1,
  },
  {
    hints: ['xox'],
    kind: 'Slack token',
    regex: re(`\\b(xox[abposr]-[0-9A-Za-z-]{10,})`),
    group: 1,
  },
  {
    hints: ['hooks.slack.com'],
    kind: 'Slack webhook',
    regex: re(`hooks\\.slack\\.com/services/(T[0-9A-Za-z]{6,}/B[0-9A-Za-z]{6,}/[0-9A-Za-z]{12,})`),
    group: 1,
  },
  { hints: ['aiza'], kind: 'Google API key', regex: re(`\\b(AIza[0-9A-Za-z_-]{35})`), group: 1 },
  {
    hints: ['private key'],
    kind: 'private key',
    regex: re(`(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)`),
    group: 1,
  },
  {
    hints: ['eyj'],
    kind: 'JSON Web Token',
    regex: re(`\\b(eyJ[0-9A-Za-z_-]{8,}\\.eyJ[0-9A-Za-z_-]{8,}\\.[0-9A-Za-z_-]{8,})`),
    group: 1,
  },
];

/** A literal alternation (linear): whether a lowercased line holds one of `words`. */
function anyOf(words: readonly string[]): RegExp {
  return new RegExp(words.map((word) => word.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'));
}
const ANY_KEYWORD = anyOf(KEYWORDS);
/** Every provider's hints: a line holds one of these (lowercased) or no provider key. */
export const PROVIDER_HINTS: readonly string[] = PROVIDERS.flatMap((provider) => provider.hints);
const ANY_HINT = anyOf(PROVIDER_HINTS);

// scheme://user:password@host — the password is group 2.
const CONNECTION = re(
  `\\b[A-Za-z][A-Za-z0-9+.-]{1,20}://([^\\s:/@'"\`<>{}$]{1,64}):([^\\s@/'"\`<>]{1,128})@[A-Za-z0-9_.\\[-]`,
);

// Text right before a literal: what gives it meaning.
// `?:` needs a space before it: `credentials?: "omit"` is a TypeScript optional property.
const FALLBACK_OPERATOR = re(`(?:\\|\\||\\?\\?|\\s\\?:|\\bor|\\bOr|:-)\\s*$`);
// `const apiKey = process.env.API_KEY` / `k = ENV["KEY"]`: the names a fallback belongs to.
const TARGET = re(
  `(?:^|[^A-Za-z0-9_$.])([A-Za-z_$][A-Za-z0-9_$]*|"[A-Za-z_$][A-Za-z0-9_.$-]*"|'[A-Za-z_$][A-Za-z0-9_.$-]*')\\s*(?::\\s*[A-Za-z_][A-Za-z0-9_<>\\[\\]|.?]{0,40}\\s*)?(?:=|:=|:|=>)\\s*[^=:>]`,
);
const ENV_READ = re(
  `(?:process\\.env|import\\.meta\\.env|\\bENV\\b|\\benviron\\b|\\bgetenv\\b|\\bGetenv\\b|\\bLookupEnv\\b|\\benv\\s*\\(|\\bEnv\\.|Deno\\.env)`,
);
export const SHELL_DEFAULT_PATTERN = `\\$\\{([A-Za-z_][A-Za-z0-9_]*):?-([^}\\s]{1,200})\\}`;
const SHELL_DEFAULT = re(SHELL_DEFAULT_PATTERN);

const isNameHead = (code: number) =>
  (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isNameTail = (code: number) => isNameHead(code) || (code >= 48 && code <= 57);

/**
 * Whether `${NAME-` or `${NAME:-` occurs, where every SHELL_DEFAULT match starts (the name is
 * a maximal run: `:` and `-` end it). Template literals (`${user.id}`) fill JavaScript; they
 * never reach the regex.
 */
export function mayHoldShellDefault(line: string): boolean {
  for (let at = line.indexOf('${'); at !== -1; at = line.indexOf('${', at + 2)) {
    let end = at + 2;
    if (!isNameHead(line.charCodeAt(end))) continue;
    while (isNameTail(line.charCodeAt(++end)));
    if (line.charCodeAt(end) === 58) end++;
    if (line.charCodeAt(end) === 45) return true;
  }
  return false;
}
export const UNQUOTED_MASK_PATTERN = `(?i)(?:passw(?:or)?d|pwd|secret|token|api[_-]?key|credentials?)[A-Za-z0-9_-]*["']?\\s*(?:=|:)\\s*([^\\s"'\`,;)}]{3,})`;
const UNQUOTED_MASK = re(UNQUOTED_MASK_PATTERN);
// A part of each of UNQUOTED_MASK's keywords.
const UNQUOTED_WORDS = buildAutomaton([['passw', 'pwd', 'secret', 'token', 'key', 'credential']]);
// RE2 ignoring case reads these two as `s` and `k` (the only characters past ASCII it matches
// with [a-z0-9_-]: test/rules/find-secrets-prefilters.test.ts).
const LONG_S = 0x17f;
const LOWER_S = 's'.charCodeAt(0);
const isNameCode = (code: number) =>
  (code >= 65 && code <= 90) ||
  (code >= 97 && code <= 122) ||
  (code >= 48 && code <= 57) ||
  code === 95 ||
  code === 45 ||
  code === LONG_S ||
  code === KELVIN;
// RE2's \s.
const isSpaceCode = (code: number) =>
  code === 32 || code === 9 || code === 10 || code === 12 || code === 13;

/**
 * Whether UNQUOTED_MASK can match: one of its keywords, the rest of the name, an optional quote,
 * spaces, then `=` or `:` (the value is left to the regex). Linear: a run of name characters is
 * read once, however many keywords end inside it. Spares most lines the RE2 run.
 */
export function mayHoldUnquotedCredential(line: string): boolean {
  const { next, firstOutput } = UNQUOTED_WORDS;
  let state = 0;
  // Keywords ending before this share the name run read last.
  let readTo = -1;
  for (let at = 0; at < line.length; at++) {
    let code = line.charCodeAt(at);
    if (code >= 128) {
      if (code === KELVIN) code = LOWER_K;
      else if (code === LONG_S) code = LOWER_S;
      else {
        state = 0;
        continue;
      }
    }
    state = next[state + code] as number;
    if (state < firstOutput || at < readTo) continue;
    let end = at + 1;
    while (end < line.length && isNameCode(line.charCodeAt(end))) end++;
    readTo = end;
    if (line[end] === '"' || line[end] === "'") end++;
    while (end < line.length && isSpaceCode(line.charCodeAt(end))) end++;
    if (line[end] === '=' || line[end] === ':') return true;
  }
  return false;
}
const COMMENT_LINE = /^\s*(?:\/\/|\/\*|\*|#(?!!)|--|<!--|;)/;
const CONFIG_FILE =
  /\.(?:ya?ml|toml|ini|properties|conf|cfg|env|tfvars)$|(?:^|\/)\.env(?:\.[\w.-]+)?$/i;
// The path is the same for every line of a change: tested once per change, not per line.
let lastPath = '';
let lastPathIsConfig = false;
function isConfigFile(path: string): boolean {
  if (path !== lastPath) {
    lastPath = path;
    lastPathIsConfig = CONFIG_FILE.test(path);
  }
  return lastPathIsConfig;
}
const DOTENV = /(?:^|\/)\.env(?:\.[\w.-]+)?$|\.env$/i;
const DOTENV_EXAMPLE =
  /(?:example|sample|template|dist|defaults|test|ci)(?:\.[\w-]+)?$|\.env\.local\.example$/i;

const HEADS = new Set([
  'secret',
  'secrets',
  'token',
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'psw',
  'credential',
  'credentials',
  'creds',
  'jwt',
  'dsn',
  'apikey',
  'auth',
]);
const PASS_PREFIXES = new Set([
  'db',
  'database',
  'user',
  'admin',
  'root',
  'smtp',
  'mail',
  'email',
  'redis',
  'mysql',
  'postgres',
  'pg',
  'ftp',
  'ldap',
  'proxy',
  'login',
]);
const KEY_PREFIXES = new Set([
  'api',
  'access',
  'secret',
  'private',
  'auth',
  'signing',
  'encryption',
  'master',
  'app',
  'client',
  'service',
  'consumer',
  'license',
  'session',
  'jwt',
  'hmac',
  'webhook',
  'admin',
  'account',
]);

/** `PhoneChangeToken` → [phone, change, token]; `DB_PASSWORD` → [db, password]. */
export function wordsOf(name: string): string[] {
  return (
    name
      .replace(/["'@$]/g, '')
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      // A lookahead, not `([A-Z]+)([A-Z][a-z])`, which rescans a run of capitals from each one.
      .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
  );
}

// What every name isCredentialName accepts holds: a part of each of HEADS, `pass`, `key`.
const CREDENTIAL_PARTS = [
  'secret',
  'token',
  'pass',
  'pwd',
  'psw',
  'credential',
  'creds',
  'jwt',
  'dsn',
  'key',
  'auth',
];
const CREDENTIAL_PART = new RegExp(CREDENTIAL_PARTS.join('|'));
/**
 * Where the first credential part ends in a line read as isCredentialName reads a name (quotes,
 * `@` and `$` dropped, lowercased), or -1: a literal that starts before it follows no text that
 * holds a credential name, so no check of its context can report it.
 */
const firstCredentialPartEnd = findFirstKeywordEnd(CREDENTIAL_PARTS, `"'@$`);

const isLowerOrDigitCode = (code: number) =>
  (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
// The last words isCredentialName can accept.
const LAST_WORDS = [...HEADS, 'pass', 'key', 'base', 'value'];

/** Whether an identifier names a credential by its head word (`jwtSecret`, not `secretName`). */
export function isCredentialName(name: string, fromEnvironment = false): boolean {
  // Bounded: an identifier longer than this is no name a person reads.
  const segment = name.slice(name.lastIndexOf('.') + 1).slice(-120);
  // Each word below is part of the lowercased name: most names hold none, and need no split.
  const lower = segment.replace(/["'@$]/g, '').toLowerCase();
  if (!CREDENTIAL_PART.test(lower)) return false;
  // The last word decides, and it ends where the name's last letters and digits end: a name
  // ending in none of the words below (`authorName`, `passenger`) needs no split either.
  let end = lower.length;
  while (end > 0 && !isLowerOrDigitCode(lower.charCodeAt(end - 1))) end--;
  if (!LAST_WORDS.some((word) => lower.endsWith(word, end))) return false;
  return isCredentialSegment(segment, fromEnvironment);
}

/** isCredentialName without its shortcuts, on the name's last segment: by its words. */
export function isCredentialSegment(segment: string, fromEnvironment = false): boolean {
  const words = wordsOf(segment);
  const last = words.at(-1);
  if (!last) return false;
  const previous = words.at(-2);
  if (HEADS.has(last)) return true;
  // `DB_PASS`, `smtpPass`; not `LastPass`, `NordPass`, `bypass`.
  if (last === 'pass') return previous !== undefined && PASS_PREFIXES.has(previous);
  if (last === 'key')
    return (
      (previous !== undefined && KEY_PREFIXES.has(previous)) ||
      (fromEnvironment && words.length === 1)
    );
  // Rails' secret_key_base and friends.
  if (words.includes('secret') && (last === 'base' || last === 'value')) return true;
  return false;
}

const WEAK = new Set([
  'admin',
  'administrator',
  'root',
  'toor',
  'password',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'password1',
  'password123',
  'changeme',
  'change_me',
  'change-me',
  'changeit',
  'secret',
  'secret123',
  's3cr3t',
  'letmein',
  'qwerty',
  '123456',
  '12345678',
  '1234',
  'test',
  'test123',
  'dev',
  'hunter2',
  'default',
  'guest',
  'pass',
  'pass123',
  'postgres',
  'mysql',
  'admin123',
  'abc123',
  'welcome',
  'supersecret',
  'topsecret',
  'mysecret',
  'foobar',
]);
const DEV_MARKER =
  /dev|local|changeme|change-me|change_me|insecure|supersecret|topsecret|mysecret|hunter|letmein|qwerty|1234|passw0rd|p@ss|admin/i;

export function entropyOf(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** A value that stands for one: `<your-key>`, `${VAR}`, `xxx`, `your_api_key_here`. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^<[^>]*>$|\$\{|\{\{|%\(|%s|#\{|^\$[A-Za-z_]|^%[A-Za-z_]+%$/.test(v)) return true;
  if (/^[xX*•.\-_0#]{3,}$/.test(v)) return true;
  if (/x{4,}/i.test(v) && !/[0-9]/.test(v.replace(/x/gi, ''))) return true;
  if (
    /(?:your|my|replace|insert|enter|put)[-_ ]?(?:own[-_ ]?)?(?:api|key|token|secret|password|pass|here|value|real)/i.test(
      v,
    )
  )
    return true;
  if (/placeholder|redacted|example|\.\.\.|<|>/i.test(v)) return true;
  return /^(?:none|null|nil|undefined|false|true|todo|tbd|required|optional|empty|unset|n\/a)$/i.test(
    v,
  );
}

/** URLs, paths and file names: where a secret lives, not the secret. */
export function isLocation(value: string): boolean {
  const v = value.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return true;
  if (/^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:\\)/.test(v)) return true;
  if (
    /\.(?:pem|key|crt|cer|der|json|ya?ml|txt|p12|pfx|jks|env|cfg|conf|ini|js|ts|py|rb|go)$/i.test(v)
  )
    return true;
  return /^@?[a-z0-9_.-]+(?:\/[a-z0-9_.-]+)+\/?$/.test(v);
}

/** A random-looking value, gitleaks-style: long, mixed, high entropy. */
function looksRandom(value: string): boolean {
  if (value.length < 16 || value.length > 512) return false;
  if (!/^[A-Za-z0-9+/=_\-.~:]+$/.test(value)) return false;
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  return entropyOf(value) >= 3.5;
}

/** `recovery-token-hash` for `RecoveryToken`: a name or key, repeating the identifier's words. */
function repeatsName(value: string, name: string): boolean {
  if (value.length > 200) return false;
  if (!/^[A-Za-z0-9]+(?:[-_.: ][A-Za-z0-9]+)*$/.test(value)) return false;
  const valueWords = new Set(wordsOf(value));
  if (valueWords.size < 2) return false;
  return wordsOf(name).some((word) => valueWords.has(word));
}

/** `process.env.API_KEY`, `getenv("X")`: an expression, nothing to hide. */
function looksLikeCode(value: string): boolean {
  return /[()[\]{}]/.test(value) || /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+;?$/.test(value);
}

// `FieldTypePassword = "password"`, `MFAMethodPassword = "password"`: an enumeration naming a
// kind of thing, whose value is its own name.
const ENUM_WORDS = new Set([
  'type',
  'kind',
  'name',
  'field',
  'method',
  'mode',
  'context',
  'provider',
  'strategy',
  'scheme',
  'grant',
  'flow',
  'label',
  'event',
  'action',
  'column',
  'param',
  'attr',
  'input',
  'option',
]);

/** Whether a literal given to a credential-named identifier is a credential. */
function isCredentialValue(value: string, name: string): boolean {
  if (isPlaceholder(value) || isLocation(value)) return false;
  const words = wordsOf(name.slice(-120));
  if (words.some((word) => ENUM_WORDS.has(word)) && words.includes(value.toLowerCase()))
    return false;
  if (WEAK.has(value)) return true;
  if (/\s/.test(value.trim())) return false;
  if (repeatsName(value, name)) return false;
  return looksRandom(value) || (value.length >= 4 && DEV_MARKER.test(value));
}

interface Literal {
  start: number;
  end: number;
  value: string;
}

/**
 * String literals on a line, in one pass; `quotes` limits which delimiters count. By character
 * code: it reads every character of every line that holds a keyword.
 */
function literalsOf(text: string, quotes: string): Literal[] {
  const single = quotes.includes("'");
  const double = quotes.includes('"');
  const back = quotes.includes('`');
  const found: Literal[] = [];
  const length = text.length;
  let index = 0;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (!((code === 39 && single) || (code === 34 && double) || (code === 96 && back))) {
      index++;
      continue;
    }
    let end = index + 1;
    for (let at = text.charCodeAt(end); end < length && at !== code; at = text.charCodeAt(end))
      end += at === 92 ? 2 : 1;
    if (end >= length) break;
    found.push({ start: index + 1, end, value: text.slice(index + 1, end) });
    index = end + 1;
  }
  return found;
}

function matchOf(
  regex: TrustedRegex,
  text: string,
): { groups: (string | null)[]; starts: number[] } | null {
  const matcher = regex.matcher(text);
  if (!matcher.find()) return null;
  const groups: (string | null)[] = [];
  const starts: number[] = [];
  for (let group = 0; group <= matcher.groupCount(); group++) {
    groups.push(matcher.group(group));
    starts.push(matcher.start(group));
  }
  return { groups, starts };
}

/** The last character of `text` before its trailing RE2 `\s*` ('' when none). */
function lastSolid(text: string): string {
  let at = text.length;
  for (let code = text.charCodeAt(at - 1); at > 0; code = text.charCodeAt(at - 1)) {
    if (code !== 32 && code !== 9 && code !== 10 && code !== 12 && code !== 13) break;
    at--;
  }
  return at > 0 ? (text[at - 1] as string) : '';
}

// The last characters of FALLBACK_OPERATOR's operators: most literals follow none of them.
const FALLBACK_ENDS = new Set(['|', '?', ':', 'r', '-']);

function unquote(name: string): string {
  return name.replace(/^["']|["']$/g, '');
}

/** The credential name a fallback literal belongs to, if any. */
function fallbackSubject(before: string, mode: 'detect' | 'mask'): string | null {
  const subject = before.slice(Math.max(0, before.length - 200));
  const fromEnvironment = ENV_READ.test(subject);
  const last = lastName(subject);
  // A call's argument names a credential only when the call reads configuration (`t('password')`
  // is a translation, `getenv('PASSWORD')` is not).
  const isCall = /\)\s*$/.test(subject);
  if (last && (!isCall || fromEnvironment || mode === 'mask')) {
    if (isCredentialName(last, fromEnvironment)) return last;
  }
  const target = matchOf(TARGET, subject);
  const targetName = target?.groups[1];
  if (targetName && isCredentialName(unquote(targetName), false)) return unquote(targetName);
  return null;
}

const spanOf = (literal: Literal, kind: string): SecretSpan => ({
  start: literal.start,
  end: literal.end,
  kind,
});

function secretIn(literal: Literal, line: string, mode: 'detect' | 'mask'): SecretSpan | null {
  const before = line.slice(Math.max(0, literal.start - 1 - 240), literal.start - 1);
  const value = literal.value;
  if (value.trim() === '') return null;
  if (FALLBACK_ENDS.has(lastSolid(before)) && FALLBACK_OPERATOR.test(before)) {
    const operator = matchOf(FALLBACK_OPERATOR, before);
    const name = fallbackSubject(before.slice(0, operator?.starts[0] ?? before.length), mode);
    if (name && (mode === 'mask' || (!isPlaceholder(value) && !isLocation(value))))
      return spanOf(literal, `fallback value of \`${name}\``);
    return null;
  }
  const call = envCallDefault(before);
  if (call) {
    const { callee, name } = call;
    // Calls that read configuration: `getenv`, `get`, `fetch`, `env`, `config`, `setting`,
    // `getOrDefault`... (`apps.get_model("auth", "User")` is not one).
    const readsConfig =
      /^(?:get|fetch|setdefault|lookup|param|option|getordefault|getstring|getvalue)$/i.test(
        callee,
      ) || /env|config|setting/i.test(callee);
    const fromEnvironment = /env/i.test(callee) || ENV_READ.test(before);
    if (readsConfig && isCredentialName(name, fromEnvironment)) {
      if (mode === 'mask' || (!isPlaceholder(value) && !isLocation(value)))
        return spanOf(literal, `default value of \`${name}\``);
    }
    return null;
  }
  const assignment = assignedName(before);
  if (assignment !== null) {
    const name = unquote(assignment);
    if (!isCredentialName(name)) return null;
    if (mode === 'mask' ? value.length >= 3 : isCredentialValue(value, name))
      return spanOf(literal, `literal assigned to \`${name.slice(name.lastIndexOf('.') + 1)}\``);
  }
  return null;
}

function configLineSecret(line: string, path: string, mode: 'detect' | 'mask'): SecretSpan | null {
  const match = configLineParts(line);
  if (!match) return null;
  const name = match.name;
  let value = match.value;
  let start = match.start;
  if (!isCredentialName(name, DOTENV.test(path))) return null;
  const quote = value[0];
  const close = quote === '"' || quote === "'" ? value.lastIndexOf(quote) : -1;
  const after = close > 0 ? value.slice(close + 1).trim() : null;
  if (after !== null && (after === '' || after === ',' || after.startsWith('#'))) {
    value = value.slice(1, close);
    start += 1;
  } else {
    const comment = value.search(/\s#/);
    if (comment !== -1) value = value.slice(0, comment);
  }
  if (value === '' || /^[|>]-?$/.test(value)) return null;
  const span = { start, end: start + value.length, kind: `value of \`${name}\`` };
  if (mode === 'mask') return value.length >= 3 && !looksLikeCode(value) ? span : null;
  if (DOTENV_EXAMPLE.test(path) || isPlaceholder(value) || isLocation(value)) return null;
  // A committed `.env` holds real values by definition; elsewhere judge the value.
  if (DOTENV.test(path) && !DOTENV_EXAMPLE.test(path)) return span;
  return isCredentialValue(value, name) ? span : null;
}

// Masking reads each kind of literal on its own (a `'` inside a "..." may open one); detection
// reads them in one pass.
const MASK_QUOTES = ["'", '"', '`'];
const DETECT_QUOTES = [`'"\``];

/** Every secret on one line (at most one per position), leftmost first. */
export function findSecrets(text: string, options: FindSecretsOptions = {}): SecretSpan[] {
  const mode = options.mode ?? 'detect';
  const path = options.path ?? '';
  const line = text.length > MAX_LINE ? text.slice(0, MAX_LINE) : text;
  const known = options.known;
  let lower = known === undefined ? line.toLowerCase() : null;
  if (known === undefined ? !ANY_KEYWORD.test(lower as string) : !known.keyword) return [];
  const spans: SecretSpan[] = [];
  const hinted = known === undefined ? ANY_HINT.test(lower as string) : known.hint;
  for (const provider of hinted ? PROVIDERS : []) {
    lower ??= line.toLowerCase();
    if (!provider.hints.some((hint) => (lower as string).includes(hint))) continue;
    const matcher = provider.regex.matcher(line);
    let from = 0;
    while (from <= line.length && matcher.find(from)) {
      const value = matcher.group(provider.group) ?? '';
      const start = matcher.start(provider.group);
      // A key header with its END marker a few characters later is a docs or placeholder
      // text (`-----BEGIN PRIVATE KEY-----\n...\n-----END`), not key material.
      const stub =
        provider.kind === 'private key' &&
        /^.{0,60}-----END /.test(line.slice(matcher.end(0), matcher.end(0) + 80));
      if (mode === 'mask' || (!/EXAMPLE|X{6,}|0{8,}/.test(value) && !stub))
        spans.push({ start, end: start + value.length, kind: provider.kind });
      from = Math.max(matcher.end(0), from + 1);
    }
  }
  // Lowercasing changes no `:` or `/`, and puts nothing between two characters.
  if (line.includes('://') && line.includes('@')) {
    const matcher = CONNECTION.matcher(line);
    let from = 0;
    while (from <= line.length && matcher.find(from)) {
      const password = matcher.group(2) ?? '';
      const start = matcher.start(2);
      const host = line.slice(matcher.end(2) + 1, matcher.end(2) + 12).toLowerCase();
      // Docs write `user:password@host`; a database on localhost is a developer's own.
      const generic = /^(?:password|pass|passwd|pwd|pw|secret|pass(?:word)?\d?)$/i.test(password);
      const local = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])/.test(host);
      if (mode === 'mask' || (!isPlaceholder(password) && !generic && !local))
        spans.push({
          start,
          end: start + password.length,
          kind: 'password in a connection string',
        });
      from = Math.max(matcher.end(0), from + 1);
    }
  }
  const comment = COMMENT_LINE.test(line);
  // Generic detection skips comments (docs, `@example`); masking never does.
  if (mode === 'mask' || !comment) {
    const shell = mayHoldShellDefault(line) ? matchOf(SHELL_DEFAULT, line) : null;
    if (shell && isCredentialName(shell.groups[1] ?? '', true)) {
      const value = shell.groups[2] ?? '';
      if (mode === 'mask' || (!isPlaceholder(value) && !isLocation(value)))
        spans.push({
          start: shell.starts[2] ?? 0,
          end: (shell.starts[2] ?? 0) + value.length,
          kind: `fallback value of \`${shell.groups[1]}\``,
        });
    }
    // Every way secretIn reports a literal names a credential in the text before it (a substring
    // given to isCredentialName): a line with no credential part reaches none of them.
    const partEnd = firstCredentialPartEnd(line);
    for (const quotes of partEnd === -1 ? [] : mode === 'mask' ? MASK_QUOTES : DETECT_QUOTES) {
      for (const literal of literalsOf(line, quotes)) {
        // secretIn's `before` ends at the opening quote.
        if (literal.start - 1 < partEnd) continue;
        const span = secretIn(literal, line, mode);
        if (span) spans.push(span);
      }
    }
    if (mode === 'mask' || isConfigFile(path)) {
      const span = configLineSecret(line, path, mode);
      if (span) spans.push(span);
    }
    if (mode === 'mask' && mayHoldUnquotedCredential(line)) {
      const matcher = UNQUOTED_MASK.matcher(line);
      let from = 0;
      while (from <= line.length && matcher.find(from)) {
        const value = matcher.group(1) ?? '';
        const start = matcher.start(1);
        if (!looksLikeCode(value))
          spans.push({ start, end: start + value.length, kind: 'credential' });
        from = Math.max(matcher.end(0), from + 1);
      }
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretSpan[] = [];
  for (const span of spans) {
    const previous = merged.at(-1);
    if (previous && span.start < previous.end) {
      previous.end = Math.max(previous.end, span.end);
      continue;
    }
    merged.push({ ...span });
  }
  return merged;
}
