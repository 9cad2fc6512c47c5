/**
 * Realistic synthetic source for the scan benchmark: TypeScript, Go and Python files of varied
 * size, with the credential-like words real code is full of (`token`, `password`, `secret`,
 * `apiKey`), a few long lines, and planted findings (keys, empty catches, exits, mocks, CORS).
 *
 * Deterministic (seeded) and linear in the output: every file is built as an array of lines and
 * joined once; sizes are counted as lines are pushed, never by re-measuring the text.
 */

/** mulberry32: a small seeded PRNG, so every run builds the same corpus. */
export function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number) => random() < p;

const NOUNS = [
  'order',
  'invoice',
  'customer',
  'session',
  'payment',
  'account',
  'report',
  'shipment',
  'tenant',
  'webhook',
  'profile',
  'ledger',
  'cart',
  'catalog',
  'user',
  'device',
  'audit',
  'queue',
  'token',
  'credential',
] as const;
const VERBS = [
  'load',
  'save',
  'find',
  'update',
  'remove',
  'sync',
  'render',
  'validate',
  'parse',
  'refresh',
  'resolve',
  'publish',
] as const;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const cap = (word: string) => word[0]!.toUpperCase() + word.slice(1);
const chars = (random: Random, alphabet: string, length: number) => {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
};

/**
 * A credential-shaped value, built from parts so that this file itself holds no secret-shaped
 * literal for a scanner (ours included) to report.
 */
function plantedSecret(random: Random): string {
  switch (Math.floor(random() * 6)) {
    case 0:
      return `${'AK'}${'IA'}${chars(random, UPPER, 16)}`;
    case 1:
      return `${'gh'}p_${chars(random, ALNUM, 36)}`;
    case 2:
      return `${'sk'}_${'live'}_${chars(random, ALNUM, 24)}`;
    case 3:
      return `${'xo'}xb-${chars(random, '0123456789', 12)}-${chars(random, ALNUM, 24)}`;
    case 4:
      return `${'AI'}za${chars(random, ALNUM, 35)}`;
    default:
      return chars(random, ALNUM, 20);
  }
}

type Language = 'ts' | 'go' | 'py';

/** One block of lines in a language; most blocks are ordinary code, a few plant a finding. */
function block(language: Language, random: Random, plant: boolean): string[] {
  const noun = pick(random, NOUNS);
  const verb = pick(random, VERBS);
  const Noun = cap(noun);
  const name = `${verb}${Noun}`;
  const n = Math.floor(random() * 1000);
  if (plant) {
    const secret = plantedSecret(random);
    const planted: Record<Language, string[][]> = {
      ts: [
        [`const ${noun}ApiKey = '${secret}';`],
        [`  password: "${chars(random, ALNUM, 14)}",`],
        ['  } catch (error) {}'],
        [`  if (!${noun}) process.exit(1);`],
        [`const client = new Mock${Noun}Client();`],
        [`app.use(cors({ origin: 'http://localhost:${3000 + (n % 100)}' }));`],
        [`  script-src 'self' 'unsafe-inline';`],
      ],
      go: [
        [`const ${noun}Token = "${secret}"`],
        ['\tif err != nil {', `\t\tos.Exit(1)`, '\t}'],
        [`var secret = "${chars(random, ALNUM, 18)}"`],
      ],
      py: [
        [`${noun.toUpperCase()}_API_KEY = "${secret}"`],
        ['    except Exception:', '        pass'],
        [`        sys.exit(2)`],
        [`from unittest import mock`],
      ],
    };
    return pick(random, planted[language]);
  }
  if (language === 'ts') {
    const variants: string[][] = [
      [
        `export async function ${name}(id: string, options: ${Noun}Options = {}): Promise<${Noun}> {`,
        `  const token = options.token ?? (await session.accessToken());`,
        `  const response = await fetch(\`\${baseUrl}/${noun}s/\${encodeURIComponent(id)}\`, {`,
        `    headers: { authorization: \`Bearer \${token}\`, 'x-request-id': requestId() },`,
        '  });',
        `  if (!response.ok) throw new HttpError(response.status, \`${verb} ${noun} \${id}\`);`,
        `  return (await response.json()) as ${Noun};`,
        '}',
        '',
      ],
      [
        `/** Keeps the ${noun} cache small: entries expire after ${n % 60} seconds. */`,
        `export class ${Noun}Cache {`,
        `  private readonly entries = new Map<string, { value: ${Noun}; expires: number }>();`,
        '',
        `  get(key: string): ${Noun} | undefined {`,
        '    const entry = this.entries.get(key);',
        '    if (!entry || entry.expires < Date.now()) return undefined;',
        '    return entry.value;',
        '  }',
        '}',
        '',
      ],
      [
        `export const ${noun}Config = {`,
        `  url: process.env.${noun.toUpperCase()}_URL ?? 'https://${noun}.internal.example.com',`,
        `  password: process.env.${noun.toUpperCase()}_PASSWORD,`,
        `  secretName: '${noun}-signing-secret',`,
        `  timeoutMs: ${(n % 30) * 100 + 500},`,
        '};',
        '',
      ],
      [
        `  try {`,
        `    await repository.${verb}(${noun}, { transaction });`,
        `  } catch (error) {`,
        `    logger.error({ err: error, ${noun}Id: ${noun}.id }, '${verb} failed');`,
        '    throw error;',
        '  }',
      ],
      [
        `import { ${name} } from './${noun}-${verb}.js';`,
        `import type { ${Noun}, ${Noun}Options } from '../types/${noun}.js';`,
      ],
      [
        `  const rows = ${noun}s.filter((item) => item.status !== 'archived').map((item) => ({`,
        `    id: item.id,`,
        `    total: item.lines.reduce((sum, line) => sum + line.price * line.quantity, 0),`,
        `    apiKeyId: item.apiKeyId ?? null,`,
        '  }));',
      ],
    ];
    return pick(random, variants);
  }
  if (language === 'go') {
    const variants: string[][] = [
      [
        `// ${cap(verb)}${Noun} ${verb}s a ${noun} by id; the token comes from the request context.`,
        `func (s *Service) ${cap(verb)}${Noun}(ctx context.Context, id string) (*${Noun}, error) {`,
        '\ttoken, err := auth.TokenFromContext(ctx)',
        '\tif err != nil {',
        `\t\treturn nil, fmt.Errorf("${verb} ${noun} %s: %w", id, err)`,
        '\t}',
        `\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.baseURL+"/${noun}s/"+id, nil)`,
        '\treq.Header.Set("Authorization", "Bearer "+token)',
        `\tvar out ${Noun}`,
        '\treturn &out, s.do(req, &out)',
        '}',
        '',
      ],
      [
        `type ${Noun} struct {`,
        '\tID        string    `json:"id"`',
        '\tCreatedAt time.Time `json:"created_at"`',
        '\tSecretRef string    `json:"secret_ref,omitempty"`',
        `\tAmount    int64     \`json:"amount"\``,
        '}',
        '',
      ],
      [
        '\tfor i, item := range items {',
        `\t\tif item.${Noun}ID == "" {`,
        `\t\t\tlog.Printf("skipping item %d without ${noun}", i)`,
        '\t\t\tcontinue',
        '\t\t}',
        `\t\ttotal += item.Price * int64(item.Quantity)`,
        '\t}',
      ],
      [
        `\tpassword := os.Getenv("${noun.toUpperCase()}_DB_PASSWORD")`,
        '\tif password == "" {',
        `\t\treturn errors.New("${noun}: missing database password")`,
        '\t}',
      ],
    ];
    return pick(random, variants);
  }
  const variants: string[][] = [
    [
      `def ${verb}_${noun}(session: Session, ${noun}_id: str, *, token: str | None = None) -> ${Noun}:`,
      `    """${cap(verb)} one ${noun}; the caller's token wins over the service account."""`,
      `    headers = {"Authorization": f"Bearer {token or settings.service_token}"}`,
      `    response = session.get(f"{BASE_URL}/${noun}s/{${noun}_id}", headers=headers, timeout=${(n % 20) + 5})`,
      '    response.raise_for_status()',
      `    return ${Noun}.model_validate(response.json())`,
      '',
      '',
    ],
    [
      `class ${Noun}Repository:`,
      `    def __init__(self, pool: Pool) -> None:`,
      '        self._pool = pool',
      '',
      `    async def ${verb}(self, ${noun}_id: int) -> ${Noun} | None:`,
      '        async with self._pool.acquire() as conn:',
      `            row = await conn.fetchrow("SELECT * FROM ${noun}s WHERE id = $1", ${noun}_id)`,
      `        return ${Noun}(**row) if row else None`,
      '',
    ],
    [
      `${noun.toUpperCase()}_SECRET_NAME = os.environ.get("${noun.toUpperCase()}_SECRET_NAME", "${noun}-secret")`,
      `DATABASE_PASSWORD = os.environ["DATABASE_PASSWORD"]`,
    ],
    [
      '    try:',
      `        result = await client.${verb}(${noun})`,
      '    except TimeoutError as error:',
      `        logger.warning("${verb} ${noun} timed out: %s", error)`,
      '        raise',
    ],
  ];
  return pick(random, variants);
}

const HEADERS: Record<Language, (random: Random) => string[]> = {
  ts: () => [
    "import { logger } from '../logger.js';",
    "import { HttpError } from '../errors.js';",
    '',
  ],
  go: (random) => [
    `package ${pick(random, NOUNS)}`,
    '',
    'import (',
    '\t"context"',
    '\t"fmt"',
    '\t"net/http"',
    ')',
    '',
  ],
  py: () => ['from __future__ import annotations', '', 'import os', 'import logging', ''],
};

/** One line of data, as in generated or vendored files: long, and rule keywords inside. */
function longLine(language: Language, random: Random, length: number): string {
  const open =
    language === 'py' ? 'BLOB = "' : language === 'go' ? 'var blob = "' : 'export const blob = "';
  let body = '';
  while (body.length < length) body += `${chars(random, ALNUM, 60)}token=`;
  return `${open}${body}"${language === 'ts' ? ';' : ''}`;
}

export interface CorpusFile {
  path: string;
  /** The file at base, or null when the change adds it. */
  base: string | null;
  head: string;
  /** Bytes of the lines the change adds (with their newlines). */
  addedBytes: number;
}

/**
 * Lines of about `bytes` bytes of source in a language, about one planted finding per
 * `plantEvery` blocks; a few files carry one long data line.
 */
function sourceLines(language: Language, random: Random, bytes: number, withHeader: boolean) {
  const lines: string[] = withHeader ? HEADERS[language](random) : [];
  let size = 0;
  for (const line of lines) size += line.length + 1;
  if (chance(random, 0.02)) {
    const line = longLine(language, random, 2_000 + Math.floor(random() * 30_000));
    lines.push(line);
    size += line.length + 1;
  }
  while (size < bytes) {
    for (const line of block(language, random, chance(random, 0.004))) {
      lines.push(line);
      size += line.length + 1;
    }
  }
  return { lines, size };
}

const DIRS: Record<Language, string[]> = {
  ts: ['services/api/src', 'services/web/src/lib', 'packages/core/src', 'src/routes', 'src/jobs'],
  go: ['pkg/server', 'internal/store', 'cmd/worker', 'internal/billing'],
  py: ['app/services', 'app/api/routes', 'workers/tasks', 'lib/clients'],
};
const TEST_DIRS: Record<Language, string> = {
  ts: 'services/api/test',
  go: 'internal/store',
  py: 'tests/unit',
};

/**
 * Files whose changes add about `targetBytes` bytes of lines: most are new files, one in four
 * modifies a file that exists at base (blocks inserted in a few places). About one in ten is a
 * test file. From 20 MB on, one large generated file of about 1.5 MB per 20 MB.
 */
export function* generateCorpus(targetBytes: number, seed = 1): Generator<CorpusFile> {
  const random = makeRandom(seed);
  let added = 0;
  let index = 0;
  let large = Math.floor(targetBytes / (20 * 1024 * 1024));
  while (added < targetBytes) {
    index++;
    const language: Language = pick(random, ['ts', 'ts', 'go', 'py'] as const);
    const test = chance(random, 0.1);
    const stem = `${pick(random, NOUNS)}-${pick(random, VERBS)}-${index}`;
    const dir = test ? TEST_DIRS[language] : pick(random, DIRS[language]);
    const file =
      language === 'go'
        ? `${stem.replaceAll('-', '_')}${test ? '_test' : ''}.go`
        : language === 'py'
          ? `${test ? 'test_' : ''}${stem.replaceAll('-', '_')}.py`
          : `${stem}${test ? '.test' : ''}.ts`;
    const path = `${dir}/${file}`;
    let wanted = 1_000 + Math.floor(random() * random() * 60_000);
    if (large > 0 && index % 500 === 7) {
      wanted = 1_500_000;
      large--;
    }
    wanted = Math.min(wanted, targetBytes - added + 200);
    if (wanted < 200_000 && chance(random, 0.25)) {
      // A modified file: blocks inserted at a few places in an existing one.
      const before = sourceLines(language, random, 2_000 + Math.floor(random() * 20_000), true);
      const head = before.lines.slice();
      let addedHere = 0;
      const places = 1 + Math.floor(random() * 4);
      for (let place = 0; place < places; place++) {
        const inserted = sourceLines(language, random, wanted / places, false);
        head.splice(Math.floor(random() * head.length), 0, ...inserted.lines);
        addedHere += inserted.size;
      }
      added += addedHere;
      yield {
        path,
        base: `${before.lines.join('\n')}\n`,
        head: `${head.join('\n')}\n`,
        addedBytes: addedHere,
      };
    } else {
      const created = sourceLines(language, random, wanted, true);
      added += created.size;
      yield { path, base: null, head: `${created.lines.join('\n')}\n`, addedBytes: created.size };
    }
  }
}
