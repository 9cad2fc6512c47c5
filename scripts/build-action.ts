import { build, type BuildOptions, type Metafile } from 'esbuild';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/**
 * The GitHub Action as one ESM file with every dependency inside, so a workflow runs it with
 * no `npm ci`. Committed under dist-action/; a test rebuilds it and fails when it is stale.
 */
/** What every bundle of ours shares: ESM for Node 20, dependencies inside, a `require`. */
export const NODE_ESM_BUNDLE: BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // CommonJS dependencies call require() for Node's built-ins: give every ESM file one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

export const ACTION_BUILD: BuildOptions = {
  ...NODE_ESM_BUNDLE,
  entryPoints: ['src/action.ts'],
  outfile: 'dist-action/index.mjs',
  minify: true,
};

/** The licence of every package inside the bundle: they ship with it, so their notices do. */
export function renderLicenses(metafile: Metafile): string {
  const packages = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match?.[1]) packages.add(match[1]);
  }
  const parts: string[] = [];
  for (const dir of [...packages].sort()) {
    const meta = JSON.parse(readFileSync(`${root}${dir}/package.json`, 'utf8')) as {
      name: string;
      version: string;
      license?: string;
    };
    const file = existsSync(`${root}${dir}`)
      ? readdirSync(`${root}${dir}`).find((name) => /^licen[cs]e/i.test(name))
      : undefined;
    const text = file ? readFileSync(`${root}${dir}/${file}`, 'utf8').trim() : '(no licence file)';
    parts.push(`${meta.name}@${meta.version} (${meta.license ?? 'unknown'})\n\n${text}\n`);
  }
  return parts.join(`\n${'-'.repeat(72)}\n\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await build(ACTION_BUILD);
  writeFileSync(`${root}dist-action/licenses.txt`, renderLicenses(result.metafile as Metafile));
  const [path, output] = Object.entries(result.metafile?.outputs ?? {})[0] ?? [];
  console.log(`wrote ${path} (${Math.round((output?.bytes ?? 0) / 1024)} kB) and its licenses.txt`);
}
