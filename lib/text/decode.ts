/**
 * Bytes of a file to text, with one clear message for what is not text: empty, binary (NUL
 * bytes or control characters in the first 8 KB), not UTF-8, only whitespace. The command
 * line and the options page read files the same way.
 */
const SNIFF_LENGTH = 8192;

export function checkBinaryBytes(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new Error('empty file');
  if (bytes.subarray(0, SNIFF_LENGTH).includes(0)) {
    throw new Error('binary file (contains NUL bytes), not text');
  }
}

export function checkControlCharacters(text: string): void {
  let controls = 0;
  for (let i = 0; i < Math.min(text.length, SNIFF_LENGTH); i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) {
      controls++;
    }
  }
  if (controls > 8) throw new Error('binary file (control characters), not text');
}

/**
 * UTF-8 text from bytes (a leading byte-order mark dropped); throws an Error whose message is
 * the problem, in the words both the CLI and the options page show.
 */
export function decodeFileText(bytes: Uint8Array): string {
  checkBinaryBytes(bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('not UTF-8 text (save it as UTF-8)');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  checkControlCharacters(text);
  if (!/\S/.test(text)) throw new Error('empty file (only whitespace)');
  return text;
}
