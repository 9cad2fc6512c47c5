import { readFile, stat } from 'node:fs/promises';
import { CliError } from './cli-error.js';
import { decodeText } from './decode-text.js';
import { MAX_CHECKLIST_BYTES } from './limits.js';

/**
 * Reads a readiness document as UTF-8 (or UTF-16 when it has that byte-order mark); NUL bytes
 * and files over the size limit are refused with the reason.
 */
export async function readTextFile(path: string, shown = path): Promise<string> {
  let bytes: Buffer;
  try {
    const { size } = await stat(path);
    if (size > MAX_CHECKLIST_BYTES)
      throw new CliError(
        `cannot read ${shown}: ${(size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_CHECKLIST_BYTES / 1024 / 1024} MB limit for a readiness document`,
      );
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String(code ?? error);
    throw new CliError(`cannot read ${shown}: ${reason}`, { cause: error });
  }
  const text = decodeText(bytes);
  if (text === null)
    throw new CliError(`cannot read ${shown}: not a text file (it holds NUL bytes)`);
  return text;
}
