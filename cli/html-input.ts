/**
 * HTML inputs for the CLI: saved pages (.html, .htm) and http(s) URLs. The page is parsed
 * without running anything (linkedom), the article extracted as in the extension, and the
 * extracted text annotated: offsets in the output point into that text, which the JSON carries.
 */
import { readFile, stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { basename, extname } from 'node:path';
import { extractArticle, type ArticleMetadata } from '../lib/extract/html';
import { parseHtml } from '../lib/extract/dom-parse';
import type { BoilerplateBlock, TextBlock } from '../lib/types';
import { InputError, MAX_INPUT_BYTES, checkFrench, decodeText, describeFsError } from './inputs';

export interface HtmlInput {
  id: string;
  /** The page's address: its URL, or the file's file: URL. */
  url: string;
  text: string;
  blocks: TextBlock[];
  boilerplate: BoilerplateBlock[];
  metadata: ArticleMetadata;
}

/** Whether a command-line input names a page rather than a text file. */
export function isHtmlInput(input: string): boolean {
  return /^https?:\/\//i.test(input) || /\.html?$/i.test(input);
}

/** Fetching a URL gives up after this long. */
const FETCH_TIMEOUT_MS = 20_000;

export async function readHtmlInput(
  input: string,
  fetchImpl: typeof fetch = fetch,
  maxBytes = MAX_INPUT_BYTES,
): Promise<HtmlInput> {
  let html: string;
  let url: string;
  let id: string;
  if (/^https?:\/\//i.test(input)) {
    url = input;
    html = await fetchPage(input, fetchImpl, maxBytes);
    const path = new URL(input).pathname.replace(/\/+$/, '');
    id = basename(path, extname(path)) || new URL(input).hostname;
  } else {
    try {
      const info = await stat(input);
      if (info.isDirectory()) throw new InputError('is a directory, not a file');
      if (info.size > maxBytes) {
        throw new InputError(
          `too large (${(info.size / 2 ** 20).toFixed(1)} MB; the limit is ${(maxBytes / 2 ** 20).toFixed(1)} MB)`,
        );
      }
      html = decodeText(await readFile(input));
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(describeFsError(error));
    }
    url = pathToFileURL(input).href;
    id = basename(input, extname(input));
  }
  const result = extractArticle(parseHtml(html, url), { url });
  if (result.status === 'not-readerable')
    throw new InputError('not an article (no article text found in the page)');
  if (result.status !== 'ok')
    throw new InputError(result.message ?? `cannot extract the article (${result.status})`);
  const article = result.blocks.map((b) => result.text.slice(b.start, b.end)).join('\n');
  checkFrench(article);
  return {
    id,
    url,
    text: result.text,
    blocks: result.blocks,
    boilerplate: result.boilerplate,
    metadata: result.metadata,
  };
}

async function fetchPage(url: string, fetchImpl: typeof fetch, maxBytes: number): Promise<string> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      redirect: 'follow',
    });
  } catch (error) {
    const reason =
      (error as Error)?.name === 'TimeoutError'
        ? 'timed out'
        : (((error as Error)?.cause as Error)?.message ?? (error as Error)?.message);
    throw new InputError(`cannot fetch it (${reason})`);
  }
  if (!response.ok) throw new InputError(`cannot fetch it (HTTP ${response.status})`);
  const type = response.headers.get('content-type') ?? '';
  if (type && !/html|xml/i.test(type))
    throw new InputError(`not a web page (content type ${type.split(';')[0]})`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes)
    throw new InputError(`too large (${(declared / 2 ** 20).toFixed(1)} MB)`);
  // Read at most maxBytes, whatever the server declared.
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new InputError(`too large (more than ${(maxBytes / 2 ** 20).toFixed(1)} MB)`);
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  const charset = /charset=([\w-]+)/i.exec(type)?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      throw new InputError(`unsupported character set ${charset}`);
    }
  }
  return decodeText(bytes);
}
