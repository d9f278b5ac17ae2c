#!/usr/bin/env node
// The `deja-lu` command: runs the bundled CLI (built by `npm run build:cli`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/deja-lu.mjs', import.meta.url));
if (!existsSync(bundle)) {
  console.error('deja-lu: the CLI is not built yet; run `npm run build` (or `npm run build:cli`).');
  process.exit(2);
}
const { main } = await import(bundle);
process.exitCode = await main(process.argv.slice(2));
