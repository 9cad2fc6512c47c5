const RED = '\u001b[31m';
const GREEN = '\u001b[32m';
const YELLOW = '\u001b[33m';
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

/** Whether a stream should get colour: a terminal, and neither NO_COLOR nor TERM=dumb. */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Colours the text report's verdict and severities; user text is never touched inside a line. */
export function colorizeReport(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (line === 'Verdict: PASS') return `${BOLD}${GREEN}${line}${RESET}`;
      if (line === 'Verdict: FAIL') return `${BOLD}${RED}${line}${RESET}`;
      return line
        .replace(/^( {2}\S.*? {2})error( +)/, `$1${RED}error${RESET}$2`)
        .replace(/^( {2}\S.*? {2})warning( ?)/, `$1${YELLOW}warning${RESET}$2`);
    })
    .join('\n');
}
