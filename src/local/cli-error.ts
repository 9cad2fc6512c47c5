/** A problem with the input (usage, files, config): the CLI exits 2 with this one-line message. */
export class CliError extends Error {
  readonly exitCode = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
  }
}
