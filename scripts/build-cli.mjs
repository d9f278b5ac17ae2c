// Bundles the command-line tool (cli/main.ts and the lib/ it uses) into dist/deja-lu.mjs.
import { build } from 'esbuild';

await build({
  entryPoints: ['cli/main.ts'],
  outfile: 'dist/deja-lu.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  sourcemap: true,
  // linkedom and its dependencies are CommonJS-heavy; keep node_modules external.
  packages: 'external',
  logLevel: 'warning',
});
