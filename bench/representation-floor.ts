import { spawn } from 'node:child_process';
import { buildAutomaton } from '../src/core/rules/keyword-automaton.js';
import { KEYWORDS } from '../src/core/rules/find-secrets.js';

/*
 * What another representation of a change would cost at least, for `bench:scan`'s table (issue
 * 11): `git diff -p` read through a pipe, each file's section decoded once into one string with
 * its line starts in a typed array (no object or string per line), and one keyword pass over the
 * added lines with the rule pack's keyword sets (the shared pre-filter every rule reads). No
 * rule runs, no config, no evidence, no report: the floor under a gate built that way, whose
 * rules would then look only at the lines the pass flags.
 *
 *   node representation-floor.mjs <repo> <base> <head>   (bundled by bench/scan.ts)
 */

// The keyword sets of the built-in pack's line rules (rules/*.yml) and dev-keys' keywords.
const SETS = [
  KEYWORDS,
  ['cors', 'origin'],
  ['unsafe-inline', 'unsafe-eval'],
  ['exit'],
  ['mock', 'stub', 'fake'],
].map((set) => set.map((keyword) => keyword.toLowerCase()));

const [repo, base, head] = process.argv.slice(2);
if (!repo || !base || !head) {
  console.error('usage: representation-floor <repo> <base> <head>');
  process.exit(2);
}
const { next, firstOutput } = buildAutomaton(SETS);

const tally = { files: 0, lines: 0, added: 0, flagged: 0 };
let starts = new Int32Array(1 << 12);

/** One file's section: decoded once, its lines found by offset, its added lines scanned. */
function readSection(section: Buffer): void {
  const text = section.toString('utf8');
  tally.files++;
  let count = 0;
  let inHunk = false;
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at);
    if (end === -1) end = text.length;
    if (count === starts.length) {
      const grown = new Int32Array(starts.length * 2);
      grown.set(starts);
      starts = grown;
    }
    starts[count++] = at;
    const marker = text.charCodeAt(at);
    if (marker === 0x40) inHunk = true;
    else if (inHunk && marker === 0x2b) {
      tally.added++;
      let state = 0;
      let flagged = 0;
      for (let index = at + 1; index < end; index++) {
        const code = text.charCodeAt(index);
        if (code >= 128) {
          state = 0;
          continue;
        }
        state = next[state + code] as number;
        if (state >= firstOutput) flagged = 1;
      }
      tally.flagged += flagged;
    }
    at = end + 1;
  }
  tally.lines += count;
}

// Sections start at a line that opens with `diff --git `; a section's bytes are gathered as
// views of git's chunks (a line cut by a chunk's end is joined first) and copied once, when the
// section is complete.
const OPENING = Buffer.from('diff --git ');
const opens = (buffer: Buffer, at: number) =>
  buffer.length - at >= OPENING.length &&
  buffer.compare(OPENING, 0, OPENING.length, at, at + OPENING.length) === 0;
let parts: Buffer[] = [];
let carry: Buffer | null = null;
const finish = () => {
  if (parts.length > 0)
    readSection(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts));
  parts = [];
};
const git = spawn(
  'git',
  ['-C', repo, 'diff', '-M', '--no-color', '--no-ext-diff', '--unified=3', base, head],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
git.stdout.on('data', (chunk: Buffer) => {
  let at = 0;
  if (carry) {
    const newline = chunk.indexOf(0x0a);
    if (newline === -1) {
      carry = Buffer.concat([carry, chunk]);
      return;
    }
    const line = Buffer.concat([carry, chunk.subarray(0, newline + 1)]);
    carry = null;
    if (opens(line, 0)) finish();
    parts.push(line);
    at = newline + 1;
  }
  let from = at;
  for (;;) {
    const newline = chunk.indexOf(0x0a, at);
    if (newline === -1) break;
    if (opens(chunk, at)) {
      if (at > from) parts.push(chunk.subarray(from, at));
      finish();
      from = at;
    }
    at = newline + 1;
  }
  if (at > from) parts.push(chunk.subarray(from, at));
  if (at < chunk.length) carry = chunk.subarray(at);
});
git.on('close', (code) => {
  if (carry) {
    if (opens(carry, 0)) finish();
    parts.push(carry);
  }
  finish();
  if (code !== 0) {
    console.error(`git diff exited with ${code}`);
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(tally)}\n`);
});
