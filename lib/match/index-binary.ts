/**
 * The index in columns (CorpusIndex.toColumns) as one binary buffer, the form the extension
 * stores in IndexedDB as a Blob.
 *
 * Why a Blob of bytes: a cold service worker reads the whole index before its first analysis.
 * Chromium reads a 15 MB Blob from IndexedDB and turns it into an ArrayBuffer in about half
 * the time it takes to read the same bytes stored as typed arrays inside an object (measured
 * on this project's machines, Chromium 156: 24-33 ms against 56-97 ms), and decoding here is
 * a few views onto the buffer, without copying the postings.
 *
 * Layout, little-endian 32-bit words unless said: magic "DJLU", version, header length in
 * bytes; the header as UTF-8 JSON (options and the length of every section), padded to 4
 * bytes; then the sections, each starting on a 4-byte boundary: stringLengths (Int32),
 * sentenceCounts, textHashes, sentences, postings keys, offsets, ids (Uint32), strings: UTF-8, or, when
 * they hold a lone surrogate (which UTF-8 cannot carry), UTF-16 code units, so that any
 * JavaScript string comes back unchanged. String lengths are in UTF-16 units either way.
 */
import type { IndexColumns, IndexOptions } from './corpus-index';

/** "DJLU" read as a little-endian 32-bit word; on a big-endian machine it reads otherwise. */
const MAGIC = 0x554c4a44;
const VERSION = 1;

interface Header {
  options: IndexOptions;
  stringLengths: number;
  sentenceCounts: number;
  textHashes: number;
  sentences: number;
  keys: number;
  offsets: number;
  ids: number;
  /** Bytes of the strings section (before padding). */
  stringBytes: number;
  /** UTF-8 when the strings are well-formed (no lone surrogate), else UTF-16 code units. */
  stringEncoding: 'utf-8' | 'utf-16';
}

const padded = (bytes: number) => Math.ceil(bytes / 4) * 4;

/** The columns as one buffer. */
export function encodeIndexColumns(columns: IndexColumns): ArrayBuffer {
  const header: Header = {
    options: columns.options,
    stringLengths: columns.stringLengths.length,
    sentenceCounts: columns.sentenceCounts.length,
    textHashes: columns.textHashes.length,
    sentences: columns.sentences.length,
    keys: columns.postings.keys.length,
    offsets: columns.postings.offsets.length,
    ids: columns.postings.ids.length,
    stringBytes: 0,
    stringEncoding: 'utf-8',
  };
  let stringBytes: Uint8Array;
  if (columns.strings.isWellFormed()) {
    stringBytes = new TextEncoder().encode(columns.strings);
  } else {
    header.stringEncoding = 'utf-16';
    const units = new Uint16Array(columns.strings.length);
    for (let i = 0; i < units.length; i++) units[i] = columns.strings.charCodeAt(i);
    stringBytes = new Uint8Array(units.buffer);
  }
  header.stringBytes = stringBytes.length;
  const json = new TextEncoder().encode(JSON.stringify(header));
  const words = [
    columns.stringLengths,
    columns.sentenceCounts,
    columns.textHashes,
    columns.sentences,
    columns.postings.keys,
    columns.postings.offsets,
    columns.postings.ids,
  ];
  let size = 12 + padded(json.length);
  for (const w of words) size += w.byteLength;
  size += padded(stringBytes.length);
  const buffer = new ArrayBuffer(size);
  const start = new Uint32Array(buffer, 0, 3);
  start[0] = MAGIC;
  start[1] = VERSION;
  start[2] = json.length;
  new Uint8Array(buffer, 12, json.length).set(json);
  let at = 12 + padded(json.length);
  for (const w of words) {
    new Uint8Array(buffer, at, w.byteLength).set(
      new Uint8Array(w.buffer, w.byteOffset, w.byteLength),
    );
    at += w.byteLength;
  }
  new Uint8Array(buffer, at, stringBytes.length).set(stringBytes);
  return buffer;
}

/**
 * The columns back from encodeIndexColumns() output: views onto the buffer (no copy) and
 * the strings. Throws on a buffer that is not one, or whose lengths do not add up.
 * CorpusIndex.fromColumns() checks that the columns agree with each other.
 */
export function decodeIndexColumns(buffer: ArrayBuffer): IndexColumns {
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength < 12) {
    throw new Error('not a Déjà lu binary index');
  }
  const start = new Uint32Array(buffer, 0, 3);
  if (start[0] !== MAGIC) throw new Error('not a Déjà lu binary index');
  if (start[1] !== VERSION) throw new Error(`unsupported binary index version ${start[1]}`);
  const jsonBytes = start[2]!;
  if (12 + jsonBytes > buffer.byteLength) throw new Error('corrupt binary index: header');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 12, jsonBytes))) as Header;
  } catch {
    throw new Error('corrupt binary index: header');
  }
  const lengths = [
    header.stringLengths,
    header.sentenceCounts,
    header.textHashes,
    header.sentences,
    header.keys,
    header.offsets,
    header.ids,
  ];
  if (
    ![...lengths, header.stringBytes].every((n) => Number.isSafeInteger(n) && n >= 0) ||
    (header.stringEncoding !== 'utf-8' && header.stringEncoding !== 'utf-16') ||
    (header.stringEncoding === 'utf-16' && header.stringBytes % 2 !== 0) ||
    typeof header.options !== 'object' ||
    header.options === null
  ) {
    throw new Error('corrupt binary index: header');
  }
  let at = 12 + padded(jsonBytes);
  const expected = at + lengths.reduce((sum, n) => sum + 4 * n, 0) + padded(header.stringBytes);
  if (expected !== buffer.byteLength) throw new Error('corrupt binary index: lengths');
  const take = (n: number) => {
    const view = new Uint32Array(buffer, at, n);
    at += 4 * n;
    return view;
  };
  const stringLengths = new Int32Array(buffer, at, header.stringLengths);
  at += 4 * header.stringLengths;
  const sentenceCounts = take(header.sentenceCounts);
  const textHashes = take(header.textHashes);
  const sentences = take(header.sentences);
  const keys = take(header.keys);
  const offsets = take(header.offsets);
  const ids = take(header.ids);
  let strings: string;
  if (header.stringEncoding === 'utf-8') {
    // fatal: bytes that are not UTF-8 are a corrupt index, not text to repair.
    try {
      const decoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
      strings = decoder.decode(new Uint8Array(buffer, at, header.stringBytes));
    } catch {
      throw new Error('corrupt binary index: strings');
    }
  } else {
    const units = new Uint16Array(buffer, at, header.stringBytes / 2);
    const parts: string[] = [];
    const CHUNK = 8192;
    for (let i = 0; i < units.length; i += CHUNK) {
      const chunk = units.subarray(i, i + CHUNK) as unknown as number[];
      parts.push(String.fromCharCode.apply(null, chunk));
    }
    strings = parts.join('');
  }
  return {
    format: 'deja-lu-index-columns',
    version: 1,
    options: header.options,
    strings,
    stringLengths,
    sentenceCounts,
    textHashes,
    sentences,
    postings: { keys, offsets, ids },
  };
}
