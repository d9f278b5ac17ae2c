/**
 * The lint rule against raw HTML insertion (eslint.config.js) is on, and catches each
 * pattern: tests/fixtures/lint/raw-html.tsx is linted as if it were a component and a file
 * of lib/, and every line marked `violation` must be reported, no line marked `allowed`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const FIXTURE = resolve('tests/fixtures/lint/raw-html.tsx');

function markedLines(source: string, mark: 'violation' | 'allowed'): number[] {
  return source.split('\n').flatMap((line, i) => (line.includes(`// ${mark}`) ? [i + 1] : []));
}

describe('the raw-HTML lint rule', () => {
  const source = readFileSync(FIXTURE, 'utf8');
  const eslint = new ESLint({ cwd: resolve('.') });

  it.each(['components/RawHtml.tsx', 'lib/ext/raw-html.tsx', 'entrypoints/popup/raw-html.tsx'])(
    'reports every insertion in %s, and nothing else',
    async (filePath) => {
      const [result] = await eslint.lintText(source, { filePath: resolve(filePath) });
      const raw = result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax');
      expect(raw.every((m) => m.message.startsWith('Raw HTML insertion'))).toBe(true);
      expect([...new Set(raw.map((m) => m.line))].sort((a, b) => a - b)).toEqual(
        markedLines(source, 'violation'),
      );
      expect(markedLines(source, 'violation')).toHaveLength(13);
      expect(raw.filter((m) => markedLines(source, 'allowed').includes(m.line))).toEqual([]);
    },
  );

  it('leaves tests free to build hostile fixtures', async () => {
    const [result] = await eslint.lintText(source, {
      filePath: resolve('tests/raw-html.test.tsx'),
    });
    expect(result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax')).toEqual([]);
  });

  it('finds no raw HTML insertion in the code as it is', async () => {
    const results = await eslint.lintFiles(['lib', 'components', 'entrypoints', 'cli']);
    const raw = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId === 'no-restricted-syntax')
        .map((m) => `${r.filePath}:${m.line} ${m.message}`),
    );
    expect(raw).toEqual([]);
  });
});

describe('the argument-spread lint rule', () => {
  const eslint = new ESLint({ cwd: resolve('.') });
  const source = [
    'export function add(into: number[], items: number[]): void {',
    '  into.push(...items); // violation',
    '  into.unshift(...items); // violation',
    '  for (const item of items) into.push(item); // allowed',
    '  console.log(...items); // allowed',
    '  const most = Math.max(0, ...items); // violation',
    '  const least = Math.min(...items, most); // violation',
    '  console.log(Math.max(most, least)); // allowed',
    '}',
    '',
  ].join('\n');

  it('reports push, unshift, Math.max and Math.min with spread arguments, and nothing else', async () => {
    const [result] = await eslint.lintText(source, { filePath: resolve('lib/text/spread.ts') });
    const lines = result!.messages
      .filter((m) => m.ruleId === 'no-restricted-syntax')
      .map((m) => m.line);
    expect(lines).toEqual(markedLines(source, 'violation'));
  });
});
