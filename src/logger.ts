/** The slice of pino's API the adapters log through (Probot's logger, or a console one). */
export interface Logger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}
