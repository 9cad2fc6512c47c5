import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { CLI_BUILD } from '../../scripts/build-cli.js';
import { writeBuiltinRulesCache } from '../../src/local/load-builtin-rules.js';
import { GitRepo } from '../helpers/git-repo.js';
import { repoRoot } from '../helpers/paths.js';

// What a command loads, not how long it takes: the bundle `npm run build` ships is built into a
// throwaway package layout (dist/, rules/, package.json), run for real, and every module file
// Node loads is logged by a loader hook and traced back to the packages inside it.

const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:') || url.startsWith('node:')) appendFileSync(process.env.STARTUP_LOG, url + '\\n');
  return next(url, context);
}
`;
const REGISTER = `import { register } from 'node:module';
register('./hooks.mjs', import.meta.url);
`;

/** Packages the named commands must never load for a run that does not need them. */
const SERVER_SIDE = [
  'probot',
  '@octokit/',
  'bottleneck',
  'ioredis',
  'bullmq',
  'prom-client',
  'pino',
];
const PARSERS = ['yaml', 'ajv', 'ajv-draft-04'];

const work = mkdtempSync(join(tmpdir(), 'rg-startup-'));
let metafile: Metafile;

beforeAll(async () => {
  symlinkSync(`${repoRoot}rules`, join(work, 'rules'));
  copyFileSync(`${repoRoot}package.json`, join(work, 'package.json'));
  const result = await build({ ...CLI_BUILD, outdir: join(work, 'dist'), logLevel: 'silent' });
  metafile = result.metafile as Metafile;
  expect(writeBuiltinRulesCache(join(work, 'dist/builtin-rules.cache.json'))).toBeGreaterThan(0);
  writeFileSync(join(work, 'hooks.mjs'), HOOKS);
  writeFileSync(join(work, 'register.mjs'), REGISTER);
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The npm packages (or `src` for our code) bundled into the output file named `file`. */
function packagesIn(file: string): Set<string> {
  const output = Object.entries(metafile.outputs).find(([path]) => basename(path) === file);
  if (!output) throw new Error(`${file} is not an output of the CLI build`);
  const packages = new Set<string>();
  for (const input of Object.keys(output[1].inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    packages.add(match?.[1] ?? 'src');
  }
  return packages;
}

interface Run {
  code: number;
  stdout: string;
  /** The files of the bundle that Node loaded, by name (cli.js, chunk-*.js). */
  loaded: string[];
  /** Every package inside those files. */
  packages: Set<string>;
  /** The Node built-ins imported as ES modules (`node:fs`). */
  builtins: string[];
  /** Module files loaded from outside the bundle (none: everything is inside). */
  outside: string[];
}

function run(args: string[], cwd = work): Promise<Run> {
  const log = join(work, `loaded-${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(log, '');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', join(work, 'register.mjs'), join(work, 'dist/cli.js'), ...args],
      { cwd, env: { ...process.env, NODE_OPTIONS: '', STARTUP_LOG: log } },
      (error, stdout) => {
        const all = readFileSync(log, 'utf8').split('\n').filter(Boolean);
        const builtins = all.filter((url) => url.startsWith('node:'));
        const urls = all.filter((url) => url.startsWith('file:'));
        const dist = `${pathToFileURL(join(work, 'dist')).href}/`;
        const loaded = urls
          .filter((url) => url.startsWith(dist))
          .map((url) => basename(new URL(url).pathname));
        // Anything from outside the package (node_modules) would be a missed dependency.
        const outside = urls.filter((url) => !url.startsWith(pathToFileURL(work).href));
        const packages = new Set(loaded.flatMap((file) => [...packagesIn(file)]));
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, loaded, packages, builtins, outside });
      },
    );
  });
}

const named = (packages: Set<string>, names: string[]) =>
  [...packages].filter((name) => names.some((heavy) => name === heavy || name.startsWith(heavy)));

describe('the bundled CLI loads only what a command needs', () => {
  it('--version and --help load our own entry code and no package at all', async () => {
    const version = await run(['--version']);
    const pkg = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { version: string };
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    expect([...version.packages]).toEqual(['src']);
    expect(version.outside).toEqual([]);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: readiness-gate');
    expect([...help.packages]).toEqual(['src']);
  }, 30_000);

  it('a check without a config reads the rule pack from the build cache: no YAML parser, no schema validator, nothing of the App', async () => {
    const repo = new GitRepo()
      .write({ 'ACTION_PLAN.md': '# Plan\n\n## Phase 1: Launch\n- [x] Ship it\n' })
      .commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ 'key.ts': "export const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';\n" }).commit();
    try {
      const result = await run(['check', '--base', 'main', '--json'], repo.dir);
      // The bundle found the rule pack beside the package: the planted key is a finding.
      expect(result.code).toBe(1);
      const findings = (JSON.parse(result.stdout) as { findings: Array<{ rule: string }> })
        .findings;
      expect(findings.map((finding) => finding.rule)).toContain('dev-keys');
      expect(result.outside).toEqual([]);
      expect(named(result.packages, [...PARSERS, ...SERVER_SIDE])).toEqual([]);
      expect(result.packages).toContain('re2js');
      // Loading node:crypto alone costs a small check several milliseconds; nothing needs it.
      expect(result.builtins).toContain('node:child_process');
      expect(result.builtins).not.toContain('node:crypto');
      // Importing node:process builds its namespace, which opens stdin (see build-cli.ts).
      expect(result.builtins).not.toContain('node:process');
    } finally {
      rmSync(repo.dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('each command of src/cli.ts is a chunk of its own, loaded only when run', () => {
    const entry = Object.entries(metafile.outputs).find(([path]) => basename(path) === 'cli.js');
    const dynamic = (entry?.[1].imports ?? []).filter(
      (imported) => imported.kind === 'dynamic-import',
    );
    // check (+ its colour and progress helpers), --pr, checklist, rules/validate, init, protect.
    expect(dynamic.length).toBeGreaterThanOrEqual(8);
    const staticImports = (entry?.[1].imports ?? []).filter(
      (imported) => imported.kind === 'import-statement' && !imported.external,
    );
    expect(staticImports.length).toBeGreaterThan(0);
    for (const imported of staticImports)
      expect([...packagesIn(basename(imported.path))].filter((name) => name !== 'src')).toEqual([]);
  });
});
