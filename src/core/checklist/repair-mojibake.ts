import iconv from 'iconv-lite';
import type { MojibakeRepair } from './checklist-types.js';

type Encoding = MojibakeRepair['encoding'];

/** Byte ↔ character tables of the single-byte encodings UTF-8 is commonly mis-read as. */
interface ByteTable {
  encoding: Encoding;
  toByte: Map<string, number>;
  /** Bytes the encoding leaves undefined: a decoder drops them, so a repair may re-insert one. */
  dropped: number[];
}

function buildTable(encoding: Encoding, iconvName: string): ByteTable {
  const toByte = new Map<string, number>();
  const dropped: number[] = [];
  for (let byte = 0x80; byte <= 0xff; byte++) {
    const char = iconv.decode(Buffer.from([byte]), iconvName);
    if (char === '\uFFFD' || char.length !== 1) dropped.push(byte);
    else toByte.set(char, byte);
  }
  return { encoding, toByte, dropped };
}

const WINDOWS_1252 = buildTable('windows-1252', 'windows-1252');
// Decoders that treat the undefined bytes as Latin-1 leave them as C1 control characters.
for (const byte of WINDOWS_1252.dropped) WINDOWS_1252.toByte.set(String.fromCharCode(byte), byte);

const MAC_ROMAN = buildTable('mac-roman', 'macintosh');
// 0xF0 is the Apple logo, which Apple maps to U+F8FF in the private use area.
MAC_ROMAN.toByte.set('\uF8FF', 0xf0);
MAC_ROMAN.dropped.length = 0;

const TABLES = [WINDOWS_1252, MAC_ROMAN];

const utf8 = new TextDecoder('utf-8', { fatal: true });

function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function decodeExact(bytes: number[]): string | null {
  try {
    const text = utf8.decode(Uint8Array.from(bytes));
    return [...text].length === 1 ? text : null;
  } catch {
    return null;
  }
}

// A lossy repair is ambiguous (any of the dropped bytes could have been there), so it is only
// trusted for the characters status text is made of, best first: pictographs, the emoji
// variation selector, and closing or opening quotes.
const TRUSTED = [/\p{Extended_Pictographic}/u, /\u{FE0F}/u, /[\p{Pf}\p{Pi}]/u];

function decodeWithDroppedByte(bytes: number[], table: ByteTable): string | null {
  const need = sequenceLength(bytes[0] ?? 0);
  if (need === 0 || bytes.length !== need - 1) return null;
  const candidates: string[] = [];
  for (let at = 1; at <= bytes.length; at++) {
    for (const byte of table.dropped) {
      const candidate = decodeExact([...bytes.slice(0, at), byte, ...bytes.slice(at)]);
      if (candidate) candidates.push(candidate);
    }
  }
  for (const kind of TRUSTED) {
    const found = candidates.find((candidate) => kind.test(candidate));
    if (found) return found;
  }
  return null;
}

interface RunRepair {
  text: string;
  fixed: number;
}

/** Re-reads one run of high characters as the bytes they came from, sequence by sequence. */
function repairRun(chars: string[], table: ByteTable): RunRepair {
  const bytes = chars.map((char) => table.toByte.get(char));
  let text = '';
  let fixed = 0;
  let i = 0;
  while (i < chars.length) {
    const lead = bytes[i];
    const need = lead === undefined ? 0 : sequenceLength(lead);
    if (need > 0) {
      const window = bytes.slice(i, i + need);
      if (window.every((b): b is number => b !== undefined)) {
        const exact = window.length === need ? decodeExact(window) : null;
        if (exact) {
          text += exact;
          fixed++;
          i += need;
          continue;
        }
      }
      const short = bytes.slice(i, i + need - 1);
      if (short.every((b): b is number => b !== undefined)) {
        const lossy = decodeWithDroppedByte(short, table);
        if (lossy) {
          text += lossy;
          fixed++;
          i += need - 1;
          continue;
        }
      }
    }
    text += chars[i];
    i++;
  }
  return { text, fixed };
}

const candidates = new Set(TABLES.flatMap((table) => [...table.toByte.keys()]));
const escapeClass = (char: string) => `\\u{${char.codePointAt(0)!.toString(16)}}`;
// Runs of two or more high characters that some table can turn back into bytes.
const RUN = new RegExp(`[${[...candidates].map(escapeClass).join('')}]{2,}`, 'gu');

const CANDIDATE = new Uint8Array(0x10000);
for (const char of candidates) CANDIDATE[char.charCodeAt(0)] = 1;
// The pre-filter holds when every candidate is one UTF-16 code unit past ASCII (they all are).
const FILTERABLE = [...candidates].every((char) => char.length === 1 && char.charCodeAt(0) > 0x7f);
const NON_ASCII_RUN = /[^\0-\x7f]{2,}/g;

/**
 * Whether RUN can match: runs of non-ASCII characters are few and short in a real document, and
 * this simple class scans several times faster than RUN's hundred-odd ranges.
 */
function mayHoldMojibake(source: string): boolean {
  if (!FILTERABLE) return true;
  NON_ASCII_RUN.lastIndex = 0;
  for (let match = NON_ASCII_RUN.exec(source); match; match = NON_ASCII_RUN.exec(source)) {
    const run = match[0];
    for (let at = 1; at < run.length; at++) {
      if (CANDIDATE[run.charCodeAt(at)] === 1 && CANDIDATE[run.charCodeAt(at - 1)] === 1)
        return true;
    }
  }
  return false;
}

export interface RepairResult {
  text: string;
  repairs: MojibakeRepair[];
}

/**
 * Undoes UTF-8 that was read as Windows-1252 or Mac Roman (`âœ…`, `‚úÖ`, `â³` → ✅ ✅ ⏳),
 * run by run, picking per run the encoding that explains more of it. Newlines are never touched,
 * so line numbers stay those of the original file.
 */
export function repairMojibake(source: string): RepairResult {
  if (!mayHoldMojibake(source)) return { text: source, repairs: [] };
  const repairs: MojibakeRepair[] = [];
  let line = 1;
  let counted = 0;
  const text = source.replace(RUN, (original: string, offset: number) => {
    for (let at = source.indexOf('\n', counted); at !== -1 && at < offset;) {
      line++;
      at = source.indexOf('\n', at + 1);
    }
    counted = offset;
    let best: (RunRepair & { encoding: Encoding }) | null = null;
    for (const table of TABLES) {
      const attempt = repairRun([...original], table);
      if (attempt.fixed > 0 && (!best || attempt.fixed > best.fixed)) {
        best = { ...attempt, encoding: table.encoding };
      }
    }
    if (!best) return original;
    repairs.push({ line, from: original, to: best.text, encoding: best.encoding });
    return best.text;
  });
  return { text, repairs };
}
