import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { glob } from 'tinyglobby';
import {
  ALWAYS_IGNORED,
  DEFAULT_CHECKLIST_GLOBS,
} from '../core/checklist/default-checklist-globs.js';
import { CliError } from './cli-error.js';

const GLOB_CHARS = /[*?[\]{}]/;

async function find(patterns: string[], cwd: string): Promise<string[]> {
  return glob(patterns, {
    cwd,
    ignore: ALWAYS_IGNORED,
    caseSensitiveMatch: false,
    dot: false,
    absolute: false,
  });
}

/**
 * Turns the CLI's arguments into files: a file stays itself, a directory yields the readiness
 * documents found in it by the default names, a glob is expanded. Nothing found is an error.
 */
export async function expandChecklistPaths(args: string[], cwd = process.cwd()): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    if (GLOB_CHARS.test(arg)) {
      const matches = await find([arg], cwd);
      if (matches.length === 0) throw new CliError(`no files match ${arg}`);
      files.push(...matches.sort());
      continue;
    }
    let info;
    try {
      info = await stat(resolve(cwd, arg));
    } catch (error) {
      throw new CliError(`cannot read ${arg}: no such file or directory`, { cause: error });
    }
    if (info.isDirectory()) {
      const matches = await find(DEFAULT_CHECKLIST_GLOBS, resolve(cwd, arg));
      if (matches.length === 0) {
        throw new CliError(
          `no readiness documents in ${arg} (looked for ${DEFAULT_CHECKLIST_GLOBS.join(', ')})`,
        );
      }
      const base = arg.replace(/\/+$/, '');
      files.push(...matches.sort().map((match) => (base === '.' ? match : `${base}/${match}`)));
    } else {
      files.push(arg);
    }
  }
  return [...new Set(files)];
}
