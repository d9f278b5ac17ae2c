/**
 * Reading an input file for annotation, with one clear message for each way it can be bad:
 * missing, unreadable, a directory, too large, binary, not UTF-8, empty, not French.
 */
import { readFile, stat } from 'node:fs/promises';
import { detectLanguage } from '../lib/text/language';
import { decodeFileText } from '../lib/text/decode';

/** Inputs larger than this are refused: a news article is well under 1 MB of text. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export class InputError extends Error {}

export interface ReadInput {
  path: string;
  text: string;
}

/** Reads a text input or throws an InputError whose message is one line for the user. */
export async function readTextInput(path: string, maxBytes = MAX_INPUT_BYTES): Promise<ReadInput> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError('is a directory, not a file');
    size = info.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(describeFsError(error));
  }
  if (size > maxBytes) {
    throw new InputError(`too large (${formatMB(size)}; the limit is ${formatMB(maxBytes)})`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new InputError(describeFsError(error));
  }
  const text = decodeText(bytes);
  checkFrench(text);
  return { path, text };
}

/** UTF-8 text from bytes, or an InputError for empty, binary or non-UTF-8 content. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return decodeFileText(bytes);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
}

/** Throws when the text is clearly in another language than French. */
export function checkFrench(text: string): void {
  const { language, confidence } = detectLanguage(text);
  if (language !== null && language !== 'fr' && confidence >= 0.5) {
    throw new InputError(
      `not French (the text reads as '${language}'); Déjà lu matches French text`,
    );
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot read it (permission denied)';
    case 'EISDIR':
      return 'is a directory, not a file';
    default:
      return `cannot read it (${code ?? String(error)})`;
  }
}

function formatMB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
