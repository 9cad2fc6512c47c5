export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * A progress line on standard error for long runs: only on a terminal, and only once the run
 * has taken `delayMs`, so quick runs and pipes (CI logs) never see it. `done` clears the line.
 */
export function createProgress(
  stream: ProgressStream,
  delayMs = 1000,
): { report(message: string): void; done(): void } {
  if (!stream.isTTY) return { report() {}, done() {} };
  const started = Date.now();
  let shown = false;
  let last = '';
  const show = () => {
    if (!last) return;
    shown = true;
    stream.write(`\r\u001b[2K${last}…`);
  };
  const timer = setTimeout(show, delayMs);
  timer.unref();
  return {
    report(message) {
      last = `readiness-gate: ${message}`;
      if (shown || Date.now() - started >= delayMs) show();
    },
    done() {
      clearTimeout(timer);
      if (shown) stream.write('\r\u001b[2K');
    },
  };
}
