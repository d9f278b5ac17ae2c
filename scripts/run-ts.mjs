// Runs a TypeScript script of this repository (bench, evaluation): bundles it with esbuild
// into node_modules/.cache (with the index worker beside it) and imports it, passing the
// remaining arguments through.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NODE_SCRIPT_BUNDLE } from './esbuild-node.mjs';

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
const outdir = resolve('node_modules/.cache/run-ts');
mkdirSync(outdir, { recursive: true });
const name = basename(entry).replace(/\.tsx?$/, '');
// The index's worker thread is bundled beside the script (lib/node/parallel-index.ts looks for
// it there).
await build({
  entryPoints: { [name]: entry, 'index-worker': 'lib/node/index-worker.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  ...NODE_SCRIPT_BUNDLE,
});
process.argv = [process.argv[0], entry, ...rest];
await import(pathToFileURL(resolve(outdir, `${name}.mjs`)).href);
