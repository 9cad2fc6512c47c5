import { build, type BuildOptions, type Plugin } from 'esbuild';
import { NODE_ESM_BUNDLE } from './build-action.js';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/**
 * `import process from 'node:process'` (vfile, under remark, has one) makes Node build the
 * module's namespace, which reads every property of `process`, `stdin` included: that opens
 * a stream on the terminal or pipe the CLI never reads, several milliseconds of a small
 * `check`. The global is the same object, so such imports get it without the namespace.
 */
const processGlobal: Plugin = {
  name: 'process-global',
  setup(context) {
    context.onResolve({ filter: /^(node:)?process$/ }, (args) =>
      args.kind === 'import-statement' ? { path: 'process', namespace: 'process-global' } : null,
    );
    context.onLoad({ filter: /.*/, namespace: 'process-global' }, () => ({
      contents: 'export default process;',
      loader: 'js',
    }));
  },
};

/**
 * The CLI (`bin`: dist/cli.js) as one small entry and a few shared chunks, written over tsc's
 * dist/cli.js by `npm run build`. Loading some 260 separate ES modules (resolve, read, compile,
 * link each) cost a tiny `check` about 200 ms; a handful of chunks costs a fraction of that.
 * `splitting` keeps every `await import()` of src/cli.ts a chunk of its own, so `--version`
 * loads the entry alone and `check` never loads the YAML parser, the schema validator or
 * Octokit unless it needs them. The App (dist/server.js) keeps tsc's unbundled output.
 *
 * The chunks sit in dist/chunks/ on purpose: the code that finds files next to the package
 * (`new URL('../../rules/', import.meta.url)`, `../builtin-rules.cache.json`) was written for
 * dist/local/*.js, one directory below dist/, and resolves the same from dist/chunks/*.js.
 */
export const CLI_BUILD: BuildOptions & { outdir: string } = {
  ...NODE_ESM_BUNDLE,
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  // Not minified: readable stack traces for a user's bug report; it saved no measurable start-up.
  plugins: [processGlobal],
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { rmSync } = await import('node:fs');
  rmSync(`${root}dist/chunks`, { recursive: true, force: true });
  // tsc's map of the file this build replaces would point a debugger at code that is not there.
  rmSync(`${root}dist/cli.js.map`, { force: true });
  const result = await build(CLI_BUILD);
  const outputs = Object.entries(result.metafile?.outputs ?? {});
  const kB = Math.round(outputs.reduce((sum, [, output]) => sum + output.bytes, 0) / 1024);
  console.log(`wrote dist/cli.js and ${outputs.length - 1} chunks in dist/chunks (${kB} kB)`);
}
