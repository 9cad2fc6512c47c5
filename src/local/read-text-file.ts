import { readFile } from 'node:fs/promises';
import { CliError } from './cli-error.js';
import { decodeText } from './decode-text.js';

/** Reads a text file as UTF-8 (or UTF-16 when it has that byte-order mark); NUL bytes are refused. */
export async function readTextFile(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String(code ?? error);
    throw new CliError(`cannot read ${path}: ${reason}`, { cause: error });
  }
  const text = decodeText(bytes);
  if (text === null)
    throw new CliError(`cannot read ${path}: not a text file (it holds NUL bytes)`);
  return text;
}
