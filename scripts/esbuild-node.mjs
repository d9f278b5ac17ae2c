// The esbuild options shared by this repository's bundles for Node (scripts/build-cli.mjs,
// scripts/run-ts.mjs, scripts/add-html-fixture.mjs, tests/e2e/run.mjs): one ES module for
// Node 22 that imports its packages from node_modules.
import { resolve } from 'node:path';

export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  // linkedom and its dependencies are CommonJS-heavy; keep node_modules external.
  packages: 'external',
  logLevel: 'warning',
};

/**
 * For a TypeScript file of the repository bundled to run at once: inline source maps, and the
 * `@/` imports of tsconfig resolved from the working directory (the repository's root).
 */
export const NODE_SCRIPT_BUNDLE = {
  ...NODE_BUNDLE,
  sourcemap: 'inline',
  alias: { '@': resolve('.') },
};
