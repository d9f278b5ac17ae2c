// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import {
  pageTextNodes,
  rangeSteps,
  sentenceRanges,
  sentenceRangesSliced,
} from '@/lib/ext/page-ranges';
import { Slicer } from '@/lib/extract/time-slice';
import { Budget, runToEnd } from '@/lib/extract/dom-walk';

beforeEach(() => {
  document.body.innerHTML = `
    <nav>Accueil <a href="/">Monde</a></nav>
    <script>var s = "Donald Trump et Elon Musk ont échangé.";</script>
    <style>p::before { content: "Donald Trump" }</style>
    <article>
      <h1>Trump et Musk</h1>
      <p>Donald <b>Trump</b> et son richissime soutien <a href="#">Elon Musk</a>
         ont échangé lundi.    Elle a débuté avec plus de 40&nbsp;minutes de retard.</p>
      <p>«&nbsp;Cette attaque massive&nbsp;», a affirmé Elon Musk.</p>
    </article>`;
});

describe('pageTextNodes', () => {
  it('skips scripts and styles', () => {
    const text = pageTextNodes(document.body)
      .map((n) => n.data)
      .join('');
    expect(text).toContain('richissime');
    expect(text).not.toContain('var s');
    expect(text).not.toContain('content:');
  });
});

describe('sentenceRanges', () => {
  it('maps sentences spanning inline elements to ranges over the right text nodes', () => {
    const ranges = sentenceRanges(
      [
        'Donald Trump et son richissime soutien Elon Musk ont échangé lundi.',
        'Elle a débuté avec plus de 40 minutes de retard.',
        '« Cette attaque massive », a affirmé Elon Musk.',
        'Une phrase qui n’est pas dans la page.',
      ],
      document.body,
    );
    expect(ranges[0]!.toString().replace(/\s+/g, ' ')).toBe(
      'Donald Trump et son richissime soutien Elon Musk ont échangé lundi.',
    );
    // The range starts in the paragraph's first text node and ends in a later one.
    expect(ranges[0]!.startContainer.parentElement!.tagName).toBe('P');
    expect(ranges[0]!.startContainer).not.toBe(ranges[0]!.endContainer);
    expect(ranges[1]!.toString()).toBe('Elle a débuté avec plus de 40\u00a0minutes de retard.');
    expect(ranges[2]!.toString()).toBe('«\u00a0Cette attaque massive\u00a0», a affirmé Elon Musk.');
    expect(ranges[3]).toBeNull();
  });

  it('does not change the page', () => {
    const before = document.body.innerHTML;
    sentenceRanges(['Elle a débuté avec plus de 40 minutes de retard.'], document.body);
    expect(document.body.innerHTML).toBe(before);
  });
});

/**
 * A budget whose deadline passes after `allowed` questions. On a page this small, locating
 * asks once per sentence, and nothing before it asks (the text is read in one chunk).
 */
class ExpiresAfter extends Budget {
  private calls = 0;
  constructor(private readonly allowed: number) {
    super(Infinity, () => 0);
  }
  override expired(): boolean {
    return ++this.calls > this.allowed;
  }
}

describe('rangeSteps at its deadline', () => {
  const sentences = [
    'Donald Trump et son richissime soutien Elon Musk ont échangé lundi.',
    'Elle a débuté avec plus de 40 minutes de retard.',
    '« Cette attaque massive », a affirmé Elon Musk.',
  ];

  it('keeps the sentences located before it and says it stopped', () => {
    const result = runToEnd(rangeSteps(sentences, document.body, new ExpiresAfter(1)));
    expect(result.ranges[0]!.toString().replace(/\s+/g, ' ')).toBe(sentences[0]);
    expect(result.ranges.slice(1)).toEqual([null, null]);
    expect(result.status).toBe('out-of-time');
  });

  it('is ok when every sentence was located before it passed', () => {
    const result = runToEnd(rangeSteps(sentences, document.body, new ExpiresAfter(3)));
    expect(result.ranges.every((range) => range !== null)).toBe(true);
    expect(result.status).toBe('ok');
  });

  it('says out-of-time, with nothing located, when the deadline passes while the page is read', async () => {
    let clock = 0;
    const slicer = new Slicer({
      deadlineMs: 100,
      sliceMs: 0,
      now: () => clock,
      // Each pause costs the page a second.
      yieldToPage: async () => {
        clock += 1000;
      },
    });
    // The slicer reads its clock every 256 nodes: enough nodes for it to pause twice.
    for (let i = 0; i < 1000; i++) document.body.append(document.createElement('span'));
    const result = await sentenceRangesSliced(sentences, document.body, { slicer });
    expect(result).toEqual({ ranges: [null, null, null], status: 'out-of-time' });
  });
});
