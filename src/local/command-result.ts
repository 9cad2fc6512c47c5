export interface CommandResult {
  stdout: string;
  /** Printed on standard error before stdout (usage, warnings). */
  stderr?: string;
  exitCode: 0 | 1 | 2;
}
