import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_PATH } from '../core/gate/constants.js';
import { CliError } from './cli-error.js';

/** The config's text: `--config FILE` (which must exist), else the repository's, else none. */
export function readConfigText(
  repo: string,
  configPath?: string,
): { text: string | null; shown: string } {
  const path = configPath ? resolve(configPath) : join(repo, '.github', 'readiness.yml');
  if (configPath && !existsSync(path))
    throw new CliError(`cannot read ${configPath}: no such file`);
  let text: string | null = null;
  if (existsSync(path)) {
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new CliError(`cannot read ${configPath ?? CONFIG_PATH}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return { text, shown: configPath ?? CONFIG_PATH };
}
