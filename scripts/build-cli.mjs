// Bundles the command-line tool (cli/main.ts and the lib/ it uses) into dist/deja-lu.mjs, and
// the index's worker thread (lib/node/index-worker.ts) beside it into dist/index-worker.mjs.
import { build } from 'esbuild';
import { NODE_BUNDLE } from './esbuild-node.mjs';

await build({
  entryPoints: { 'deja-lu': 'cli/main.ts', 'index-worker': 'lib/node/index-worker.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  ...NODE_BUNDLE,
  sourcemap: true,
});
