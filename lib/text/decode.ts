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
 * What a TextDecoder error means: invalid UTF-8, or (Node's ERR_STRING_TOO_LONG, a RangeError
 * in browsers) a text longer than the longest string the engine makes.
 */
function decodeProblem(error: unknown): string {
  const tooLong =
    error instanceof RangeError || (error as { code?: unknown })?.code === 'ERR_STRING_TOO_LONG';
  return tooLong
    ? 'too large to read as one text (more than about 536 million characters)'
    : 'not UTF-8 text (save it as UTF-8)';
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
  } catch (error) {
    throw new Error(decodeProblem(error), { cause: error });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  checkControlCharacters(text);
  if (!/\S/.test(text)) throw new Error('empty file (only whitespace)');
  return text;
}

/** Bytes decoded at once by decodedLines: a slice of work of a few milliseconds. */
const DECODE_CHUNK = 1 << 20;

/** The lines of one chunk of decodedLines: the first is line `first` (counted from 1). */
export interface DecodedLines {
  lines: string[];
  first: number;
  /** Bytes of the file decoded so far. */
  bytesDone: number;
}

/**
 * The lines of a UTF-8 file, decoded a megabyte at a time, with decodeFileText's checks and
 * messages (thrown as Errors when the generator reaches them). Decoding a file whole makes one
 * string of it: the options page was held half a second by 32 MB, and the command line could
 * not read a JSONL file past V8's longest string (536,870,888 characters), which TextDecoder
 * reported as an error taken for "not UTF-8".
 */
export function* decodedLines(bytes: Uint8Array): Generator<DecodedLines, void, void> {
  checkBinaryBytes(bytes);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let carry = '';
  let number = 0;
  let blank = true;
  for (let offset = 0; offset < bytes.length; offset += DECODE_CHUNK) {
    const end = Math.min(bytes.length, offset + DECODE_CHUNK);
    let piece: string;
    try {
      piece = decoder.decode(bytes.subarray(offset, end), { stream: end < bytes.length });
    } catch (error) {
      throw new Error(decodeProblem(error), { cause: error });
    }
    if (offset === 0) {
      if (piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
      checkControlCharacters(piece);
    }
    if (blank && /\S/.test(piece)) blank = false;
    const lines = (carry + piece).split('\n');
    carry = lines.pop()!;
    yield { lines, first: number + 1, bytesDone: end };
    number += lines.length;
  }
  if (blank) throw new Error('empty file (only whitespace)');
  if (carry !== '') yield { lines: [carry], first: number + 1, bytesDone: bytes.length };
}
