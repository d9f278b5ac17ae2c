/**
 * The shipped extension, built as `npm run zip` builds it (into a temporary directory):
 * manifests and permissions, the store packages, no end-to-end test hooks, no network API,
 * and `web-ext lint` with no error and no warning from this project's own code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_CHANNEL } from '@/lib/ext/e2e';
import { ALL_PAGES } from '@/lib/ext/browser-port';
import pkg from '@/package.json';

let out = '';

function wxt(args: string[], env: Record<string, string> = {}): void {
  const result = spawnSync('npx', ['wxt', ...args], {
    env: { ...process.env, DEJALU_OUT_DIR: out, ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`wxt ${args.join(' ')} failed:\n${result.stderr}`);
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const manifest = (dir: string) => JSON.parse(readFileSync(join(out, dir, 'manifest.json'), 'utf8'));
const scripts = (dir: string) => files(join(out, dir)).filter((f) => /\.(js|html)$/.test(f));

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'deja-lu-build-'));
  wxt(['zip', '-b', 'chrome']);
  wxt(['zip', '-b', 'firefox', '--mv3']);
  wxt(['build', '-b', 'chrome', '--mode', 'e2e']);
}, 180_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('manifests', () => {
  it.each(['chrome-mv3', 'firefox-mv3'])(
    '%s: activeTab and scripting, no host access at install',
    (dir) => {
      const m = manifest(dir);
      expect(m.manifest_version).toBe(3);
      expect(m.permissions).toEqual(['activeTab', 'scripting', 'storage']);
      expect(m.host_permissions ?? []).toEqual([]);
      expect(m.optional_host_permissions).toEqual(ALL_PAGES);
      expect(m.content_scripts ?? []).toEqual([]);
      expect(m.externally_connectable).toBeUndefined();
      expect(m.name).toBe('__MSG_extName__');
      expect(m.description).toBe('__MSG_extDescription__');
      expect(m.default_locale).toBe('en');
      expect(m.action.default_popup).toBe('popup.html');
      expect(Object.keys(m.icons)).toEqual(['16', '32', '48', '128']);
      expect(existsSync(join(out, dir, 'content-scripts/content.js'))).toBe(true);
      expect(existsSync(join(out, dir, '_locales/fr/messages.json'))).toBe(true);
    },
  );

  it('Firefox: a gecko id, no data collected, an event page', () => {
    const m = manifest('firefox-mv3');
    expect(m.browser_specific_settings.gecko.id).toBe('deja-lu@deja-lu.invalid');
    expect(m.browser_specific_settings.gecko.data_collection_permissions).toEqual({
      required: ['none'],
    });
    expect(m.background).toEqual({ scripts: ['background.js'] });
  });

  it('Chrome: a service worker, no Firefox-only keys', () => {
    const m = manifest('chrome-mv3');
    expect(m.background).toEqual({ service_worker: 'background.js' });
    expect(m.browser_specific_settings).toBeUndefined();
  });
});

describe('store packages', () => {
  it('zips both browsers under distinct names', () => {
    for (const browser of ['chrome', 'firefox']) {
      expect(existsSync(join(out, `deja-lu-${pkg.version}-${browser}-mv3.zip`)), browser).toBe(
        true,
      );
    }
  });
});

describe('shipped code', () => {
  it('contains no end-to-end test hook (and the e2e build does: the check can fail)', () => {
    for (const dir of ['chrome-mv3', 'firefox-mv3']) {
      expect(existsSync(join(out, dir, 'content-scripts/e2e-hook.js'))).toBe(false);
      for (const file of scripts(dir)) {
        expect(readFileSync(file, 'utf8').includes(E2E_CHANNEL), relative(out, file)).toBe(false);
      }
    }
    const e2e = 'chrome-mv3-e2e';
    expect(manifest(e2e).host_permissions).toEqual(['http://127.0.0.1/*']);
    const withHook = scripts(e2e).filter((f) => readFileSync(f, 'utf8').includes(E2E_CHANNEL));
    const names = withHook.map((f) => relative(join(out, e2e), f)).sort();
    expect(names).toContain('background.js');
    expect(names).toContain('content-scripts/e2e-hook.js');
    expect(names.some((n) => n.startsWith('chunks/popup-'))).toBe(true);
  });

  it('calls no network API: all matching is local', () => {
    const network = /\b(fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts)\s*\(/;
    for (const dir of ['chrome-mv3', 'firefox-mv3']) {
      for (const file of scripts(dir)) {
        expect(
          network.exec(readFileSync(file, 'utf8'))?.[0] ?? null,
          relative(out, file),
        ).toBeNull();
      }
    }
  });

  it('bundles the seed corpus into the background', () => {
    const background = readFileSync(join(out, 'chrome-mv3/background.js'), 'utf8');
    expect(background).toContain('la plus grande déportation de l');
  });
});

/** Decodes a source map's mappings: for each generated line, [column, source index] pairs. */
function decodeMappings(mappings: string): [number, number][][] {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lines: [number, number][][] = [];
  let source = 0;
  for (const line of mappings.split(';')) {
    const segments: [number, number][] = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = B64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0]!;
      if (values.length > 1) source += values[1]!;
      segments.push([column, source]);
    }
    lines.push(segments);
  }
  return lines;
}

describe('web-ext lint', () => {
  it('finds no error, and warnings only in bundled libraries', () => {
    // A build with source maps (same code) so each warning can be traced to its source file.
    wxt(['build', '-b', 'firefox', '--mv3', '--mode', 'production'], {
      DEJALU_OUT_DIR: join(out, 'mapped'),
      DEJALU_SOURCEMAP: '1',
    });
    const dir = join(out, 'mapped', 'firefox-mv3');
    const lint = spawnSync('npx', ['web-ext', 'lint', '--source-dir', dir, '--output', 'json'], {
      encoding: 'utf8',
    });
    const report = JSON.parse(lint.stdout.slice(lint.stdout.indexOf('{')));
    expect(report.errors).toEqual([]);
    for (const warning of report.warnings as {
      code: string;
      file: string;
      line?: number;
      column?: number;
    }[]) {
      const where = `${warning.code} in ${warning.file}:${warning.line}:${warning.column}`;
      expect(warning.file, where).toMatch(/\.js$/);
      const map = JSON.parse(readFileSync(join(dir, `${warning.file}.map`), 'utf8'));
      const segments = decodeMappings(map.mappings)[(warning.line ?? 1) - 1] ?? [];
      const column = (warning.column ?? 1) - 1;
      const segment = segments.filter(([c]) => c <= column).at(-1);
      const original: string = segment ? map.sources[segment[1]] : '(unmapped)';
      expect(original, where).toMatch(/node_modules\//);
    }
  }, 120_000);
});
