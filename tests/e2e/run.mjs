// `npm run test:e2e`: bundles the TypeScript runner (tests/e2e/runner.ts) with esbuild and
// runs it, passing the arguments through. See runner.ts for what it does.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NODE_SCRIPT_BUNDLE } from '../../scripts/esbuild-node.mjs';

const outdir = resolve('node_modules/.cache/e2e');
mkdirSync(outdir, { recursive: true });
const outfile = resolve(outdir, 'runner.mjs');
await build({
  entryPoints: ['tests/e2e/runner.ts'],
  outfile,
  ...NODE_SCRIPT_BUNDLE,
});
await import(pathToFileURL(outfile).href);
