// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Raw HTML insertion, forbidden in the extension, the engine and the tools: page text,
 * corpus documents and imported files are untrusted, and must reach the DOM as text
 * (textContent, JSX children, setAttribute of a non-URL attribute). There is no exception:
 * lib/extract reads `innerHTML` for DOMPurify but never assigns it. Tests are exempt (they
 * build hostile fixtures); tests/security-lint.test.ts shows each pattern is reported.
 */
const RAW_HTML = 'Raw HTML insertion: render page and corpus text as text (see eslint.config.js)';
const rawHtmlRules = [
  {
    selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
    message: `${RAW_HTML}: dangerouslySetInnerHTML.`,
  },
  {
    selector: 'JSXAttribute[name.name=/^src[dD]oc$/]',
    message: `${RAW_HTML}: srcdoc.`,
  },
  {
    selector:
      'AssignmentExpression > MemberExpression.left[property.name=/^(innerHTML|outerHTML|srcdoc)$/]',
    message: `${RAW_HTML}: assignment to innerHTML, outerHTML or srcdoc.`,
  },
  {
    selector:
      'AssignmentExpression > MemberExpression.left[property.value=/^(innerHTML|outerHTML|srcdoc)$/]',
    message: `${RAW_HTML}: assignment to innerHTML, outerHTML or srcdoc.`,
  },
  {
    selector: 'Property[key.name=/^(innerHTML|outerHTML|srcdoc|dangerouslySetInnerHTML)$/]',
    message: `${RAW_HTML}: an innerHTML, outerHTML or srcdoc property (Object.assign, props).`,
  },
  {
    selector:
      'CallExpression[callee.property.name=/^(insertAdjacentHTML|createContextualFragment|setHTMLUnsafe|parseHTMLUnsafe)$/]',
    message: `${RAW_HTML}: insertAdjacentHTML, createContextualFragment, setHTMLUnsafe or parseHTMLUnsafe.`,
  },
  {
    selector: "CallExpression[callee.object.name='document'][callee.property.name=/^write(ln)?$/]",
    message: `${RAW_HTML}: document.write.`,
  },
  {
    selector:
      "CallExpression[callee.object.property.name='document'][callee.property.name=/^write(ln)?$/]",
    message: `${RAW_HTML}: document.write.`,
  },
  {
    selector:
      "CallExpression[callee.property.name='setAttribute'][arguments.0.value=/^(on|srcdoc$)/i]",
    message: `${RAW_HTML}: an event-handler or srcdoc attribute set from a string.`,
  },
];

/**
 * push(...items), unshift(...items), Math.max(...values) and Math.min(...values) pass every item
 * as an argument: past about 120,000 items V8 throws "Maximum call stack size exceeded".
 * Corpora, sentences and rows are unbounded; a CLI run on a 150,000-document corpus and on a
 * text of 200,000 glued sentences crashed so.
 */
const argumentSpreadRules = [
  {
    selector: 'CallExpression[callee.property.name=/^(push|unshift)$/] > SpreadElement',
    message:
      'push(...items) overflows the stack past about 120,000 items: add them in a loop (see eslint.config.js).',
  },
  {
    selector:
      "CallExpression[callee.object.name='Math'][callee.property.name=/^(max|min)$/] > SpreadElement",
    message:
      'Math.max(...values) overflows the stack past about 120,000 values: take the maximum in a loop (see eslint.config.js).',
  },
];

export default tseslint.config(
  {
    ignores: [
      '.output/**',
      '.wxt/**',
      'dist/**',
      'node_modules/**',
      'coverage/**',
      // Linted on purpose, with a path of the extension, by tests/security-lint.test.ts.
      'tests/fixtures/lint/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    ignores: ['tests/**'],
    rules: { 'no-restricted-syntax': ['error', ...rawHtmlRules, ...argumentSpreadRules] },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'bin/**'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
);
