/**
 * jsdom as the second DOM implementation of the extraction tests. The project has no type
 * declarations for jsdom, so it is loaded through require with the little it needs typed here.
 * jsdom runs no scripts and loads no resources unless asked to (runScripts, resources).
 */
import { createRequire } from 'node:module';

interface JsdomModule {
  JSDOM: new (html?: string, options?: { url?: string }) => { window: { document: Document } };
}

const { JSDOM } = createRequire(import.meta.url)('jsdom') as JsdomModule;

/** Parses `html` with jsdom, scripts disabled; `url` becomes the document's address. */
export function parseWithJsdom(html: string, url?: string): Document {
  return new JSDOM(html, url ? { url } : {}).window.document;
}
