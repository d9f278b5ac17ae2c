import { describe, expect, it } from 'vitest';
import {
  corpusListingMessage,
  readCorpusListing,
  BACKGROUND_TO_CONTENT,
  CHANNEL,
  createCaller,
  createDispatcher,
  parseCall,
  POPUP_TO_BACKGROUND,
  pageReport,
  ProtocolFailure,
  senderKind,
  type Handlers,
  type PageReport,
  type PopupToBackground,
} from '@/lib/ext/protocol';
import { DEFAULT_SETTINGS } from '@/lib/ext/settings';
import { array, literal, number, object, optional, string } from '@/lib/ext/validate';

const report: PageReport = {
  url: 'https://example.org/a',
  status: 'ok',
  message: null,
  text: 'Titre\n\nUne phrase.',
  blocks: [
    { start: 0, end: 5, kind: 'heading' },
    { start: 7, end: 18, kind: 'paragraph' },
  ],
  boilerplate: [],
  metadata: {
    title: 'Titre',
    byline: null,
    siteName: null,
    publishedTime: null,
    language: 'fr',
    canonicalUrl: null,
    excerpt: null,
  },
};

describe('validate', () => {
  it('names the path of the first problem', () => {
    const schema = object({ items: array(object({ n: number({ integer: true, min: 0 }) })) });
    expect(schema({ items: [{ n: 1 }, { n: -2 }] }, '$')).toBe(
      '$.items[1].n: out of range [0, Infinity]',
    );
    expect(schema({ items: [{ n: 1.5 }] }, '$')).toBe('$.items[0].n: expected an integer');
    expect(schema({ items: {} }, '$')).toBe('$.items: expected an array, got an object');
    expect(schema({ items: [] }, '$')).toBeNull();
  });

  it('bounds strings and arrays, and knows literals and optional fields', () => {
    expect(string(3)('abcd', 'x')).toMatch(/longer than 3/);
    expect(array(string(), 2)(['a', 'b', 'c'], 'x')).toMatch(/more than 2/);
    expect(literal('a', 'b')('c', 'x')).toBe('x: expected one of a, b');
    expect(object({ a: optional(string()) })({}, 'x')).toBeNull();
    expect(object({ a: optional(string()) })({ a: 1 }, 'x')).toMatch(/x.a: expected a string/);
    expect(number()(Number.NaN, 'x')).toMatch(/finite/);
  });
});

describe('parseCall', () => {
  it('accepts a well-formed call', () => {
    const parsed = parseCall(POPUP_TO_BACKGROUND, {
      channel: CHANNEL,
      type: 'analyse-tab',
      payload: { tabId: 3 },
    });
    expect(parsed).toEqual({ ok: true, value: { type: 'analyse-tab', payload: { tabId: 3 } } });
  });

  it.each([
    ['not an object', 42, /not a Déjà lu message/],
    [
      'another channel',
      { channel: 'x', type: 'analyse-tab', payload: { tabId: 1 } },
      /not a Déjà lu/,
    ],
    [
      'an unknown call',
      { channel: CHANNEL, type: 'drop-database', payload: {} },
      /unknown call "drop-database"/,
    ],
    ['a prototype key', { channel: CHANNEL, type: 'toString', payload: {} }, /unknown call/],
    ['a missing payload', { channel: CHANNEL, type: 'analyse-tab' }, /payload: expected an object/],
    [
      'a negative tab',
      { channel: CHANNEL, type: 'analyse-tab', payload: { tabId: -1 } },
      /payload.tabId/,
    ],
    [
      'a string index',
      { channel: CHANNEL, type: 'scroll-to-sentence', payload: { tabId: 1, index: '2' } },
      /payload.index/,
    ],
    [
      'a bad setting',
      { channel: CHANNEL, type: 'update-settings', payload: { autoAnalyse: 'yes' } },
      /autoAnalyse/,
    ],
  ])('refuses %s with an error value', (_name, raw, message) => {
    const parsed = parseCall(POPUP_TO_BACKGROUND, raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe('bad-message');
      expect(parsed.error.message).toMatch(message);
    }
  });

  it('checks page-script calls too', () => {
    const sentences = [{ text: 'Une phrase.', mark: 'verbatim' }];
    const good = {
      channel: CHANNEL,
      type: 'show-sentences',
      payload: { sentences, visible: true },
    };
    expect(parseCall(BACKGROUND_TO_CONTENT, good).ok).toBe(true);
    const bad = { ...good, payload: { sentences: [{ text: 'x', mark: 'copied' }], visible: true } };
    expect(parseCall(BACKGROUND_TO_CONTENT, bad).ok).toBe(false);
  });
});

describe('pageReport', () => {
  it('accepts a consistent report', () => {
    expect(pageReport(report, 'r')).toBeNull();
  });

  it('refuses spans outside the text and unknown reasons', () => {
    const outside = { ...report, blocks: [{ start: 7, end: 99, kind: 'paragraph' }] };
    expect(pageReport(outside, 'r')).toBe('r.blocks[0]: span 7-99 outside the text');
    const reversed = { ...report, blocks: [{ start: 9, end: 7, kind: 'paragraph' }] };
    expect(pageReport(reversed, 'r')).toMatch(/outside the text/);
    const reason = {
      ...report,
      boilerplate: [{ start: 0, end: 5, text: 'Titre', reason: 'advert' }],
    };
    expect(pageReport(reason, 'r')).toMatch(/r.boilerplate\[0\].reason/);
    expect(pageReport({ ...report, metadata: { ...report.metadata, title: 3 } }, 'r')).toMatch(
      /metadata.title/,
    );
  });
});

describe('createDispatcher', () => {
  const handlers: Handlers<PopupToBackground, string> = {
    'analyse-tab': ({ tabId }) => {
      if (tabId === 7) throw new ProtocolFailure('no-tab', 'tab 7 is gone');
      if (tabId === 8) throw new Error('boom');
      return { kind: 'empty-corpus' };
    },
    'set-highlights': ({ visible }) => ({ visible }),
    'scroll-to-sentence': async (_payload, who) => ({ scrolled: who === 'popup' }),
    'get-settings': () => DEFAULT_SETTINGS,
    'update-settings': () => ({ ...DEFAULT_SETTINGS, autoAnalyse: true }),
    'add-tab-to-corpus': ({ tabId }) => ({
      id: `tab-${tabId}`,
      title: null,
      replaced: false,
      corpusSize: 6,
    }),
  };
  const dispatch = createDispatcher(POPUP_TO_BACKGROUND, handlers);
  const call = (type: string, payload: unknown) => ({ channel: CHANNEL, type, payload });

  it('answers with the handler value, passing the context', async () => {
    expect(await dispatch(call('analyse-tab', { tabId: 1 }), 'popup')).toEqual({
      ok: true,
      value: { kind: 'empty-corpus' },
    });
    expect(await dispatch(call('scroll-to-sentence', { tabId: 1, index: 0 }), 'popup')).toEqual({
      ok: true,
      value: { scrolled: true },
    });
  });

  it('turns thrown errors into error values', async () => {
    expect(await dispatch(call('analyse-tab', { tabId: 7 }), 'popup')).toEqual({
      ok: false,
      error: { code: 'no-tab', message: 'tab 7 is gone' },
    });
    expect(await dispatch(call('analyse-tab', { tabId: 8 }), 'popup')).toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
  });

  it('never runs a handler on a malformed message', async () => {
    const result = await dispatch(call('analyse-tab', { tabId: 'seven' }), 'popup');
    expect(result.ok).toBe(false);
  });
});

describe('createCaller', () => {
  it('wraps the envelope and returns the answer', async () => {
    const sent: unknown[] = [];
    const call = createCaller<PopupToBackground>(async (envelope) => {
      sent.push(envelope);
      return { ok: true, value: { visible: false } };
    });
    const result = await call('set-highlights', { tabId: 2, visible: false });
    expect(result).toEqual({ ok: true, value: { visible: false } });
    expect(sent).toEqual([
      { channel: CHANNEL, type: 'set-highlights', payload: { tabId: 2, visible: false } },
    ]);
  });

  it('turns a transport failure or a non-answer into an error value', async () => {
    const unreachable = createCaller<PopupToBackground>(async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    const failed = await unreachable('get-settings', {});
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.code).toBe('unreachable');

    const noTab = createCaller<PopupToBackground>(async () => {
      throw new Error('No tab with id: 12.');
    });
    const gone = await noTab('get-settings', {});
    if (!gone.ok) expect(gone.error.code).toBe('no-tab');
    else expect.fail('expected an error');

    const silent = createCaller<PopupToBackground>(async () => undefined);
    const nothing = await silent('get-settings', {});
    expect(nothing.ok).toBe(false);
  });
});

describe('the corpus listing message', () => {
  it('carries the documents as one string and reads them back as they were', () => {
    const listing = {
      documents: [
        {
          id: 'a',
          title: 'Un « titre »',
          url: null,
          series: 'AFP',
          date: null,
          origin: 'reader' as const,
          addedAt: 1,
          size: 10,
        },
        {
          id: 'b\u2028',
          title: null,
          url: 'https://x.example/',
          series: null,
          date: '2024-08-13',
          origin: 'seed' as const,
          addedAt: 2,
          size: 0,
        },
      ],
      indexed: 1,
    };
    const message = corpusListingMessage(listing);
    expect(typeof message.documentsJson).toBe('string');
    expect(readCorpusListing(structuredClone(message))).toEqual(listing);
  });

  it('refuses a message that is not a listing', () => {
    expect(() => readCorpusListing({ documentsJson: '{', indexed: 0 })).toThrow();
    expect(() => readCorpusListing({ documentsJson: '{}', indexed: 0 })).toThrow(/not readable/);
    expect(() =>
      readCorpusListing({ documentsJson: '[]', indexed: '3' as unknown as number }),
    ).toThrow(/not readable/);
  });
});

describe('senderKind', () => {
  const id = 'ext-id';
  const origin = 'chrome-extension://ext-id/';

  it('recognises the popup and extension pages opened as tabs', () => {
    expect(senderKind({ id, url: `${origin}popup.html` }, id, origin)).toBe('extension-page');
    expect(
      senderKind(
        { id, url: `${origin}popup.html?tab=3`, tab: { id: 4, url: `${origin}popup.html?tab=3` } },
        id,
        origin,
      ),
    ).toBe('extension-page');
  });

  it('recognises its own content scripts', () => {
    expect(senderKind({ id, url: 'https://news.example/a', tab: { id: 9 } }, id, origin)).toBe(
      'content-script',
    );
  });

  it('refuses other extensions and anonymous senders', () => {
    expect(senderKind({ id: 'other', url: `${origin}popup.html` }, id, origin)).toBe('foreign');
    expect(senderKind({ url: `${origin}popup.html` }, id, origin)).toBe('foreign');
    expect(senderKind({ id, url: 'https://news.example/a' }, id, origin)).toBe('foreign');
    // An extension URL framed inside a web tab.
    expect(
      senderKind(
        { id, url: `${origin}popup.html`, tab: { id: 3, url: 'https://evil.example/' } },
        id,
        origin,
      ),
    ).toBe('foreign');
  });
});
