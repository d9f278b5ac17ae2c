/** The command-line tool: arguments, corpora, formats, and one clear message per bad input. */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  mkdtempSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli';
import { syntheticJsonl } from './fixtures/synthetic-corpus';
import type { Annotation } from '@/lib/types';

const root = resolve(__dirname, '..');
const seed = (n: string) => resolve(root, 'seeds', readSeedName(n));
function readSeedName(prefix: string): string {
  const manifest = JSON.parse(readFileSync(resolve(root, 'seeds/manifest.json'), 'utf8'));
  return manifest.documents.find((d: { id: string }) => d.id.startsWith(prefix)).file;
}

const run = runCli;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'deja-lu-cli-'));
});

const FRENCH =
  'Le conseil municipal a voté mardi le budget de la ville pour l’année prochaine. ' +
  'Les élus de l’opposition ont dénoncé une hausse des impôts locaux et une baisse des investissements dans les écoles. ' +
  'Le maire a défendu un budget « responsable » face à la crise de l’énergie.\n';

describe('deja-lu annotate: bad input', () => {
  it('reports each bad input on one line and still annotates the others', async () => {
    const good = join(dir, 'good.txt');
    writeFileSync(good, readFileSync(seed('004'), 'utf8'));
    const binary = join(dir, 'image.txt');
    writeFileSync(
      binary,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    );
    const latin1 = join(dir, 'latin1.txt');
    writeFileSync(latin1, Buffer.from('Le président a parlé à la télé.', 'latin1'));
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const blank = join(dir, 'blank.txt');
    writeFileSync(blank, ' \n\t\n');
    const english = join(dir, 'english.txt');
    writeFileSync(
      english,
      'The city council voted on Tuesday for the budget of the town for next year. The members of the opposition said that it was a rise of the local taxes and a cut of the investments in the schools, and they would not support it.\n',
    );
    const huge = join(dir, 'huge.txt');
    writeFileSync(huge, '');
    truncateSync(huge, 50 * 1024 * 1024);
    const loop = join(dir, 'loop.txt');
    symlinkSync(loop, loop);
    const folder = join(dir, 'folder.txt');
    mkdirSync(folder);
    const missing = join(dir, 'missing.txt');

    const inputs = [missing, good, binary, latin1, empty, blank, english, huge, loop, folder];
    const { code, stdout, stderr } = await run(['annotate', '--format', 'json', ...inputs]);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toEqual([
      `deja-lu: ${missing}: no such file`,
      `deja-lu: ${binary}: binary file (contains NUL bytes), not text`,
      `deja-lu: ${latin1}: not UTF-8 text (save it as UTF-8)`,
      `deja-lu: ${empty}: empty file`,
      `deja-lu: ${blank}: empty file (only whitespace)`,
      `deja-lu: ${english}: not French (the text reads as 'en'); Déjà lu matches French text`,
      `deja-lu: ${huge}: too large (50.0 MB; the limit is 16.0 MB)`,
      `deja-lu: ${loop}: cannot read it (ELOOP)`,
      `deja-lu: ${folder}: is a directory, not a file`,
    ]);
    const annotations: Annotation[] = JSON.parse(stdout);
    expect(annotations.map((a) => a.id)).toEqual(['good']);
    expect(annotations[0]!.stats.shared).toBeGreaterThan(10);
  });

  it('exits 0 when every input is good', async () => {
    const file = join(dir, 'conseil.txt');
    writeFileSync(file, FRENCH);
    const { code, stdout, stderr } = await run(['annotate', '--format', 'json', file]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [a] = JSON.parse(stdout) as Annotation[];
    expect(a!.id).toBe('conseil');
    expect(a!.stats).toEqual({ sentences: 3, shared: 0, sharedRatio: 0 });
    expect(a!.sentences.map((s) => s.status)).toEqual(['unique', 'unique', 'unique']);
  });

  it.each([
    [['annotate', '--format', 'xml', 'x.txt'], /unknown format 'xml'/],
    [['annotate'], /no input file/],
    [['frobnicate', 'x.txt'], /unknown command 'frobnicate'/],
    [[], /missing command/],
    [['annotate', '--colour', 'x.txt'], /Unknown option '--colour'/],
    [['annotate', '--no-seeds', 'x.txt'], /the corpus is empty/],
  ])('refuses %j with a usage message and exit code 2', async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('prints help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: deja-lu annotate/);
  });
});

describe('deja-lu annotate: corpora', () => {
  it('uses a JSONL corpus with passim fields, without the seeds', async () => {
    const corpus = join(dir, 'corpus.jsonl');
    const copy = FRENCH.replace('mardi', 'lundi');
    writeFileSync(
      corpus,
      [
        JSON.stringify({
          id: 'mairie-1',
          text: copy,
          title: 'Budget voté',
          series: 'Le Courrier',
          date: '2024-01-02',
          url: 'https://example.org/1',
        }),
        '',
        JSON.stringify({
          id: 42,
          text: 'Un autre texte sans aucun rapport avec le conseil, sur la météo du week-end.',
        }),
      ].join('\n'),
    );
    const file = join(dir, 'budget.txt');
    writeFileSync(file, FRENCH);
    const { code, stdout, stderr } = await run([
      'annotate',
      '--no-seeds',
      '--corpus',
      corpus,
      '--format',
      'json',
      file,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [a] = JSON.parse(stdout) as Annotation[];
    expect(a!.stats.shared).toBe(3);
    const first = a!.sentences[0]!;
    expect(first.match).toBe('edited');
    expect(first.sources).toHaveLength(1);
    expect(first.sources[0]).toMatchObject({ id: 'mairie-1', title: 'Budget voté' });
    expect(first.sources[0]!.diff).toEqual([
      { op: '=', text: 'Le conseil municipal a voté' },
      { op: '-', text: 'lundi' },
      { op: '+', text: 'mardi' },
      { op: '=', text: 'le budget de la ville pour l’année prochaine' },
    ]);
    expect(a!.sentences[1]!.match).toBe('verbatim');
  });

  it('reads a folder corpus of .txt and .jsonl files, with the seeds', async () => {
    const folder = join(dir, 'corpus-dir');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    writeFileSync(join(folder, 'sub', 'mairie.txt'), FRENCH.replace('mardi', 'hier'));
    writeFileSync(
      join(folder, 'other.jsonl'),
      JSON.stringify({ id: 'j1', text: FRENCH.replace('mardi', 'lundi') }),
    );
    const file = join(dir, 'budget2.txt');
    writeFileSync(file, FRENCH);
    const { stdout } = await run(['annotate', '--corpus', folder, '--format', 'json', file]);
    const [a] = JSON.parse(stdout) as Annotation[];
    for (const s of a!.sentences)
      expect(s.sources.map((x) => x.id).sort()).toEqual(['j1', 'mairie']);
  });

  it('never counts the annotated document as its own source, by id or by text', async () => {
    const folder = join(dir, 'self');
    mkdirSync(folder);
    writeFileSync(join(folder, 'budget3.txt'), FRENCH);
    writeFileSync(join(folder, 'same-text-other-name.txt'), `\n${FRENCH}\n`);
    const file = join(dir, 'budget3.txt');
    writeFileSync(file, FRENCH);
    const { stdout } = await run([
      'annotate',
      '--no-seeds',
      '--corpus',
      folder,
      '--format',
      'json',
      file,
    ]);
    const [a] = JSON.parse(stdout) as Annotation[];
    expect(a!.stats.shared).toBe(0);
  });

  it.each([
    ['{"id": "a", "text": "x"}\n{not json}\n', /corpus\.jsonl:2: not valid JSON/],
    ['{"text": "x"}\n', /corpus\.jsonl:1: missing "id"/],
    ['{"id": "a"}\n', /corpus\.jsonl:1: missing "text"/],
    ['["a", "b"]\n', /corpus\.jsonl:1: each line must be a JSON object/],
    ['{"id": "a", "text": "x", "title": 3}\n', /corpus\.jsonl:1: "title" must be a string/],
  ])('names the file and line of a bad corpus line: %j', async (content, message) => {
    const corpusDir = mkdtempSync(join(tmpdir(), 'deja-lu-bad-'));
    const corpus = join(corpusDir, 'corpus.jsonl');
    writeFileSync(corpus, content);
    const file = join(dir, 'x.txt');
    writeFileSync(file, FRENCH);
    const { code, stderr } = await run(['annotate', '--corpus', corpus, file]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('refuses a thread count that is not a whole number from 1 to 32', async () => {
    for (const value of ['0', 'abc', '-2', '1.5', '33', 'Infinity']) {
      const { code, stderr } = await runCli(['annotate', seed('000')], {
        env: { DEJA_LU_THREADS: value },
      });
      expect([value, code]).toEqual([value, 2]);
      expect(stderr).toBe(
        `deja-lu: DEJA_LU_THREADS must be a whole number from 1 to 32, not '${value}'\n`,
      );
    }
    const { code } = await runCli(['annotate', seed('000')], { env: { DEJA_LU_THREADS: '2' } });
    expect(code).toBe(0);
  });

  it('reports a missing corpus', async () => {
    const { code, stderr } = await run(['annotate', '--corpus', join(dir, 'nope'), seed('000')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/nope: no such file or folder/);
  });

  it('reports progress on stderr for a large corpus', async () => {
    const corpus = join(dir, 'large.jsonl');
    const lines = [];
    for (let i = 0; i < 2500; i++)
      lines.push(
        JSON.stringify({
          id: `d${i}`,
          text: `Document numéro ${i} du corpus de test, avec une phrase sur le thème ${i % 17}.`,
        }),
      );
    writeFileSync(corpus, lines.join('\n'));
    const { code, stderr } = await run([
      'annotate',
      '--corpus',
      corpus,
      '--format',
      'json',
      seed('000'),
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/indexed 2505\/2505 corpus documents/);
  });

  it('takes a corpus file of 150,000 documents and an input of 200,000 glued sentences', async () => {
    // Each used to overflow the stack: push(...array) passes every element as an argument
    // (the corpus read from a folder and into the corpus list, the glued sentence breaks of a
    // block, the CSV rows of an article), and V8 allows about 120,000.
    const folder = join(dir, 'many');
    mkdirSync(folder);
    const lines: string[] = [];
    for (let i = 0; i < 150_000; i++)
      lines.push(JSON.stringify({ id: `n${i}`, text: `Note ${i}.` }));
    writeFileSync(join(folder, 'notes.jsonl'), lines.join('\n') + '\n');
    const phrases = [
      'Le maire a voté.',
      'Les élus ont dénoncé le budget.',
      'La ville a répondu.',
      'Les habitants sont inquiets.',
    ];
    const glued = join(dir, 'glued.txt');
    writeFileSync(glued, Array.from({ length: 200_000 }, (_, i) => phrases[i % 4]).join(''));
    const { code, stdout, stderr } = await run([
      'annotate',
      '--corpus',
      folder,
      '--format',
      'csv',
      glued,
    ]);
    expect(stderr).toMatch(/indexed 150005\/150005 corpus documents/);
    expect(code).toBe(0);
    // The header, then one row per sentence.
    expect(stdout.trimEnd().split('\r\n')).toHaveLength(200_001);
  }, 120_000);
});

describe('deja-lu annotate: formats', () => {
  it('writes JSONL, one annotation a line, in input order', async () => {
    const { stdout } = await run(['annotate', '--format', 'jsonl', seed('003'), seed('000')]);
    const lines = stdout.trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as Annotation).id)).toEqual([
      '003_66a3ae989ca09d00',
      '000_d7a5d4be53ae19f7',
    ]);
  });

  it('writes CSV with a header and one row per sentence', async () => {
    const { stdout } = await run(['annotate', '--format', 'csv', seed('000')]);
    const rows = stdout.split('\r\n').filter(Boolean);
    expect(rows[0]).toBe(
      'document,url,title,sentence,start,end,status,match,kind,similarity,sources,source_similarities,text',
    );
    const { stdout: json } = await run(['annotate', '--format', 'json', seed('000')]);
    expect(rows).toHaveLength(1 + (JSON.parse(json) as Annotation[])[0]!.sentences.length);
    expect(stdout).toContain(
      '"Donald Trump et son richissime soutien Elon Musk ont échangé lundi 13 août lors d\'une conversation sur X, dont la diffusion a été perturbée par des problèmes techniques liés à une cyberattaque ""massive"", selon le propriétaire du réseau social."',
    );
  });

  it('writes readable text, without colour when not on a terminal', async () => {
    const { stdout } = await run(['annotate', seed('004')]);
    expect(stdout).toMatch(
      /^004_4551368061ccb651 — USA\. Musk et Trump bons copains\n\d+ of \d+ sentences also found elsewhere \(\d+%\)\n/,
    );
    expect(stdout).toContain('credit: Sami Nemli avec Agence / Les Inspirations ECO');
    expect(stdout).toMatch(/\[ticker\] À Alger, Washington/);
    expect(stdout).not.toContain('\x1b[');
  });
});

describe('the built command', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root });
  });

  it('runs as bin/deja-lu.mjs and exits non-zero when an input fails', () => {
    const result = spawnSync(
      process.execPath,
      ['bin/deja-lu.mjs', 'annotate', '--format', 'json', seed('002'), 'missing.txt'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('deja-lu: missing.txt: no such file\n');
    const [a] = JSON.parse(result.stdout) as Annotation[];
    expect(a!.id).toBe('002_2c93369364177936');
    expect(a!.stats.shared).toBeGreaterThan(20);
  });

  it('indexes a large corpus with worker threads, with the same results as one thread', () => {
    // Over 2,000 documents (progress is reported) and 12 million characters (workers start).
    const corpus = join(dir, 'threads.jsonl');
    writeFileSync(corpus, syntheticJsonl({ documents: 3500 }));
    const runWith = (threads: string) =>
      spawnSync(
        process.execPath,
        ['bin/deja-lu.mjs', 'annotate', '--corpus', corpus, '--format', 'json', seed('001')],
        { cwd: root, encoding: 'utf8', env: { ...process.env, DEJA_LU_THREADS: threads } },
      );
    const one = runWith('1');
    const two = runWith('2');
    expect([one.status, two.status]).toEqual([0, 0]);
    expect(one.stderr).toMatch(/one thread indexed the corpus/);
    expect(two.stderr).toMatch(/2 threads indexed the corpus/);
    expect(two.stderr).toMatch(/indexed 3505\/3505 corpus documents/);
    expect(two.stdout).toBe(one.stdout);
    expect((JSON.parse(two.stdout) as Annotation[])[0]!.stats.shared).toBeGreaterThan(20);
  }, 60_000);
});
