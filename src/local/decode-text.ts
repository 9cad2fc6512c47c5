/**
 * Bytes to text: UTF-16 when a byte-order mark says so, else UTF-8 (a UTF-8 mark is dropped).
 * NUL bytes left after decoding mean the file is not text: null.
 */
export function decodeText(bytes: Uint8Array): string | null {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff)
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
  return text.includes('\u0000') ? null : text;
}
