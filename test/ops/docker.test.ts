import { readFileSync } from 'node:fs';
import picomatch from 'picomatch';
import { repoRoot } from '../helpers/paths.js';

const dockerfile = readFileSync(`${repoRoot}Dockerfile`, 'utf8');
const dockerignore = readFileSync(`${repoRoot}.dockerignore`, 'utf8');

/** Dockerfile instructions, continuation lines joined, comments left out. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const stages: string[][] = [];
for (const line of instructions) {
  if (/^FROM\s/i.test(line)) stages.push([]);
  stages.at(-1)?.push(line);
}
const runtime = stages.at(-1) ?? [];

/**
 * `.dockerignore` as Docker reads it: patterns from the context root, the last match wins,
 * `!` re-includes, and a pattern that matches a folder matches everything inside it.
 */
const patterns = dockerignore
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => {
    const negated = line.startsWith('!');
    const glob = (negated ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
    return { negated, match: picomatch(glob, { dot: true }) };
  });
function excluded(path: string): boolean {
  const prefixes = path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  let out = false;
  for (const pattern of patterns)
    if (prefixes.some((prefix) => pattern.match(prefix))) out = !pattern.negated;
  return out;
}

describe('Dockerfile', () => {
  it('builds on an exact Node 22 or 24 LTS tag in every stage', () => {
    const images = instructions
      .filter((line) => /^FROM\s/i.test(line))
      .map((line) => line.split(/\s+/)[1]);
    expect(images.length).toBeGreaterThanOrEqual(2);
    for (const image of images)
      expect(image).toMatch(/^node:(22|24)\.\d+\.\d+-[a-z]+(-slim)?(@sha256:[0-9a-f]{64})?$/);
    expect(dockerfile).toContain('docker buildx imagetools inspect');
  });

  it('runs as a non-root user with a health check, production dependencies only', () => {
    const user = runtime.filter((line) => /^USER\s/i.test(line)).at(-1);
    expect(user).toBeDefined();
    expect(user?.split(/\s+/)[1]).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime.some((line) => /^HEALTHCHECK\s.*\/health/.test(line))).toBe(true);
    const installs = runtime.filter((line) => /\bnpm (ci|install)\b/.test(line));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(/npm ci --omit=dev/);
    // Only the compiled output crosses from the build stage: no dev dependencies.
    const fromBuild = runtime.filter((line) => /^COPY\s+--from=/i.test(line));
    expect(fromBuild.map((line) => line.split(/\s+/)[2])).toEqual(['/app/dist']);
    expect(runtime.at(-1)).toBe('CMD ["node", "dist/server.js"]');
  });
});

describe('.dockerignore', () => {
  it.each([
    '.env',
    '.env.production',
    'src/.env',
    'private-key.pem',
    'src/github/app.2026-01-01.private-key.pem',
    'deploy/tls.key',
    'id_rsa',
    'node_modules/probot/package.json',
    '.git/HEAD',
    'coverage/lcov.info',
    'test/action/run-action.test.ts',
    'dist-action/index.mjs',
    'scratch/notes.md',
  ])('keeps %s out of the build context', (path) => {
    expect(excluded(path)).toBe(true);
  });

  it('lets in everything the Dockerfile copies from the context', () => {
    const copied = instructions
      .filter((line) => /^COPY\s/i.test(line) && !/--from=/i.test(line))
      .flatMap((line) =>
        line
          .split(/\s+/)
          .slice(1, -1)
          .filter((part) => !part.startsWith('--')),
      );
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'src', 'rules', 'app.yml']));
    for (const path of [...copied, 'src/app.ts', 'src/core/gate/run-gate.ts', 'rules/dev-keys.yml'])
      expect([path, excluded(path)]).toEqual([path, false]);
  });
});
