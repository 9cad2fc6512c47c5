export interface CommandResult {
  stdout: string;
  exitCode: 0 | 1 | 2;
}
