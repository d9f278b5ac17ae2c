// @vitest-environment jsdom
/**
 * Messages, fuzzed (fast-check): whatever arrives, from whoever, the background and the page
 * script answer with an error value or a valid result, never throw, and write nothing unless
 * the call is a valid one from one of the extension's own pages.
 *
 * - background calls (`runtime.onMessage`): random JSON values, random calls with random
 *   payloads, and valid calls, from the extension's pages and from senders it must refuse
 *   (web pages, other extensions, its own content scripts, look-alike origins);
 * - transfer ports (`runtime.onConnect`): refused senders are disconnected; random message
 *   sequences on an extension page's port get `failed` answers and write nothing;
 * - the page script (`BackgroundToContent`): random messages never reach the extractor or the
 *   highlighter and never touch the page;
 * - the sender checks themselves, over random senders.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Highlighter } from '@/lib/ext/highlighter';
import { createPageAgent, isFromBackground } from '@/lib/ext/page-agent';
import {
  BACKGROUND_TO_CONTENT,
  CHANNEL,
  EXTENSION_PAGE_TO_BACKGROUND,
  OPTIONS_TO_BACKGROUND_PORT,
  parseCall,
  senderKind,
  type SenderInfo,
} from '@/lib/ext/protocol';
import {
  EXT_ID,
  FOREIGN_SENDERS,
  OPTIONS,
  ORIGIN,
  POPUP,
  isResult,
  setupService,
  snapshot,
} from './security-harness';

/** Fuzz runs per property; the README counts them. */
export const RUNS = {
  foreignCalls: 400,
  malformedCalls: 200,
  notOurs: 300,
  foreignPorts: 50,
  portSequences: 60,
  pageMessages: 500,
  senders: 1000,
} as const;

const CALLS = Object.keys(EXTENSION_PAGE_TO_BACKGROUND);
const PORT_MESSAGES = Object.keys(OPTIONS_TO_BACKGROUND_PORT);
const PAGE_CALLS = Object.keys(BACKGROUND_TO_CONTENT);

/** A valid payload for each call the extension's pages make (some would write). */
const validPayload: Record<string, fc.Arbitrary<unknown>> = {
  'analyse-tab': fc.record({ tabId: fc.nat(20) }),
  'set-highlights': fc.record({ tabId: fc.nat(20), visible: fc.boolean() }),
  'scroll-to-sentence': fc.record({ tabId: fc.nat(20), index: fc.nat(50) }),
  'get-settings': fc.constant({}),
  'update-settings': fc.record({ highlight: fc.boolean() }, { requiredKeys: [] }),
  'add-tab-to-corpus': fc.record({ tabId: fc.nat(20) }),
  'list-corpus': fc.constant({}),
  'remove-documents': fc.record({ ids: fc.array(fc.string(), { maxLength: 3 }) }),
  'list-history': fc.constant({}),
  'get-analysis': fc.record({ url: fc.webUrl() }),
  'delete-history': fc.record({ urls: fc.array(fc.webUrl(), { maxLength: 3 }) }),
  'clear-history': fc.constant({}),
  'delete-everything': fc.constant({ confirmed: true }),
};

/** Any message: JSON values, objects with our channel and any call, valid calls. */
const anyMessage = fc.oneof(
  fc.jsonValue(),
  fc.record({
    channel: fc.constant(CHANNEL),
    type: fc.oneof(fc.constantFrom(...CALLS), fc.string()),
    payload: fc.jsonValue(),
  }),
  fc.constantFrom(...CALLS).chain((type) =>
    (validPayload[type] ?? fc.constant({})).map((payload) => ({
      channel: CHANNEL,
      type,
      payload,
    })),
  ),
);

/** Messages with our channel that do not match the protocol (the schemas say so). */
const malformedMessage = fc
  .oneof(
    fc.record({ channel: fc.constant(CHANNEL), type: fc.string(), payload: fc.jsonValue() }),
    fc.record({
      channel: fc.constant(CHANNEL),
      type: fc.constantFrom(...CALLS),
      payload: fc.oneof(
        fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
        fc.record({
          tabId: fc.oneof(fc.string(), fc.double(), fc.constant(-1), fc.constant(null)),
          index: fc.oneof(fc.string(), fc.constant(-3), fc.constant(1.5)),
          ids: fc.oneof(fc.string(), fc.array(fc.integer())),
          urls: fc.oneof(fc.string(), fc.array(fc.integer())),
          url: fc.oneof(fc.integer(), fc.constant(null)),
          confirmed: fc.oneof(fc.constant(false), fc.string(), fc.constant(1)),
          visible: fc.oneof(fc.string(), fc.integer()),
          autoAnalyse: fc.string(),
          highlight: fc.integer(),
        }),
      ),
    }),
  )
  .filter((message) => !parseCall(EXTENSION_PAGE_TO_BACKGROUND, message).ok);

const foreignSender = fc
  .oneof(
    fc.constantFrom(...FOREIGN_SENDERS.map(([, sender]) => sender)),
    fc.record(
      {
        id: fc.oneof(fc.string(), fc.constant('other-extension')),
        url: fc.oneof(fc.webUrl(), fc.constant('chrome-extension://other/popup.html')),
        tab: fc.record({ id: fc.nat(), url: fc.webUrl() }, { requiredKeys: [] }),
        frameId: fc.nat(),
      },
      { requiredKeys: [] },
    ),
  )
  .filter((sender) => senderKind(sender, EXT_ID, ORIGIN) !== 'extension-page');

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('the background’s calls', () => {
  it(`refuses every call from a sender that is not one of its pages, and writes nothing (${RUNS.foreignCalls} runs)`, async () => {
    const { store, service, send, browser } = await setupService();
    const before = await snapshot(store);
    await fc.assert(
      fc.asyncProperty(anyMessage, foreignSender, async (message, sender) => {
        const answer = (await service.handleMessage(message, sender)) as unknown;
        if (answer === undefined) return; // not a Déjà lu message: not answered at all
        expect(answer).toEqual({
          ok: false,
          error: { code: 'forbidden', message: expect.any(String) },
        });
      }),
      { numRuns: RUNS.foreignCalls },
    );
    // And every call, with a valid payload, from each kind of refused sender.
    for (const [, sender] of FOREIGN_SENDERS) {
      for (const type of CALLS) {
        const payload = fc.sample(validPayload[type]!, { numRuns: 1, seed: 7 })[0];
        const answer = await send(type, payload, sender);
        expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
    }
    expect(await snapshot(store)).toEqual(before);
    expect(browser.effects).toEqual({ injected: [], calls: [], badges: [], css: [] });
  });

  it(`answers malformed calls from its own pages with bad-message, and writes nothing (${RUNS.malformedCalls} runs)`, async () => {
    const { store, service, browser } = await setupService();
    const before = await snapshot(store);
    await fc.assert(
      fc.asyncProperty(
        malformedMessage,
        fc.constantFrom(POPUP, OPTIONS),
        async (message, sender) => {
          const answer = await service.handleMessage(message, sender);
          expect(isResult(answer)).toBe(true);
          expect(answer).toMatchObject({ ok: false, error: { code: 'bad-message' } });
        },
      ),
      { numRuns: RUNS.malformedCalls },
    );
    expect(await snapshot(store)).toEqual(before);
    expect(browser.effects).toEqual({ injected: [], calls: [], badges: [], css: [] });
  });

  it(`answers any message from its own pages with a result or an error value, never a throw (${RUNS.malformedCalls} runs)`, async () => {
    const { service } = await setupService();
    await fc.assert(
      fc.asyncProperty(anyMessage, fc.constantFrom(POPUP, OPTIONS), async (message, sender) => {
        const pending = service.handleMessage(message, sender);
        if (pending === undefined) return;
        const answer = await pending;
        expect(isResult(answer)).toBe(true);
        expect(() => structuredClone(answer)).not.toThrow();
      }),
      { numRuns: RUNS.malformedCalls },
    );
  });

  it(`leaves messages that are not Déjà lu’s unanswered, for other listeners (${RUNS.notOurs} runs)`, async () => {
    const { service } = await setupService();
    await fc.assert(
      fc.property(
        fc
          .jsonValue()
          .filter(
            (v) =>
              typeof v !== 'object' ||
              v === null ||
              (v as { channel?: unknown }).channel !== CHANNEL,
          ),
        fc.constantFrom(POPUP, ...FOREIGN_SENDERS.map(([, s]) => s)),
        (message, sender) => {
          expect(service.handleMessage(message, sender)).toBeUndefined();
        },
      ),
      { numRuns: RUNS.notOurs },
    );
  });
});

describe('transfer ports', () => {
  it(`disconnects ports opened by anything but an extension page (${RUNS.foreignPorts} runs)`, async () => {
    const { store, connect } = await setupService();
    const before = await snapshot(store);
    await fc.assert(
      fc.asyncProperty(
        foreignSender,
        fc.array(fc.jsonValue(), { maxLength: 3 }),
        async (sender, messages) => {
          const { page, closed } = connect(sender);
          expect(closed()).toBe(true);
          const answers: unknown[] = [];
          page.onMessage((m) => answers.push(m));
          for (const message of messages) expect(() => page.postMessage(message)).toThrow();
          await new Promise((resolve) => setTimeout(resolve, 0));
          expect(answers).toEqual([]);
        },
      ),
      { numRuns: RUNS.foreignPorts },
    );
    expect(await snapshot(store)).toEqual(before);
  });

  const portMessage = fc.oneof(
    fc.jsonValue(),
    fc.record({
      channel: fc.constant(CHANNEL),
      type: fc.oneof(fc.constantFrom(...PORT_MESSAGES), fc.string()),
      payload: fc.jsonValue(),
    }),
    fc.record({
      channel: fc.constant(CHANNEL),
      type: fc.constant('import-chunk'),
      payload: fc.record({
        documents: fc.array(
          fc.record({
            id: fc.string(),
            text: fc.oneof(fc.string(), fc.integer()),
            title: fc.jsonValue(),
          }),
          { maxLength: 3 },
        ),
        history: fc.array(fc.jsonValue(), { maxLength: 2 }),
      }),
    }),
  );

  it(`answers random message sequences on an extension page’s port with failures, writing nothing (${RUNS.portSequences} runs)`, async () => {
    const { store, connect } = await setupService();
    const before = await snapshot(store);
    await fc.assert(
      fc.asyncProperty(fc.array(portMessage, { minLength: 1, maxLength: 6 }), async (messages) => {
        const { page } = connect(OPTIONS);
        const answers: { type?: unknown; payload?: { code?: unknown; message?: unknown } }[] = [];
        page.onMessage((m) => answers.push(m as (typeof answers)[number]));
        for (const message of messages) page.postMessage(message);
        // Ends a valid import if the random messages began one: the commit must fail or
        // import nothing, since no valid chunk came.
        page.postMessage({ channel: CHANNEL, type: 'import-commit', payload: {} });
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
        page.disconnect();
        for (const answer of answers) {
          expect(answer.type).toMatch(/^(failed|progress|import-done|export-chunk|export-done)$/);
          if (answer.type === 'failed') {
            expect(typeof answer.payload?.code).toBe('string');
            expect(typeof answer.payload?.message).toBe('string');
          }
        }
        const imported = answers.find((a) => a.type === 'import-done') as
          { payload: { added: number; replaced: number; history: number } } | undefined;
        if (imported) expect(imported.payload).toMatchObject({ added: 0, replaced: 0, history: 0 });
      }),
      { numRuns: RUNS.portSequences },
    );
    const after = await snapshot(store);
    // An empty import may rewrite the corpus revision; documents, texts, history and
    // settings are as they were.
    for (const name of Object.keys(before)) {
      if (name === 'meta' || name === 'index') continue;
      expect(after[name], name).toEqual(before[name]);
    }
  });
});

describe('the page script', () => {
  it(`answers random messages with errors, never calling the extractor or the highlighter (${RUNS.pageMessages} runs)`, async () => {
    document.body.innerHTML =
      '<main><p>Un paragraphe de la page, que rien ne doit modifier.</p></main>';
    const before = document.documentElement.outerHTML;
    const touched: string[] = [];
    const highlighter: Highlighter = {
      supported: true,
      show: () => touched.push('show'),
      setVisible: () => touched.push('setVisible'),
      focus: () => touched.push('focus'),
      clear: () => touched.push('clear'),
    };
    const agent = createPageAgent({
      extract: () => {
        touched.push('extract');
        throw new Error('not expected');
      },
      highlighter,
    });
    const pageMessage = fc.oneof(
      fc.jsonValue(),
      fc
        .record({
          channel: fc.constant(CHANNEL),
          type: fc.oneof(fc.constantFrom(...PAGE_CALLS), fc.string()),
          payload: fc.oneof(
            fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
            fc.record({
              sentences: fc.oneof(
                fc.string(),
                fc.array(fc.record({ text: fc.integer(), mark: fc.string() }), { minLength: 1 }),
              ),
              visible: fc.oneof(fc.string(), fc.integer()),
              index: fc.oneof(fc.string(), fc.constant(-1), fc.constant(0.5)),
            }),
          ),
        })
        .filter(
          (m) =>
            !(
              m.type === 'extract-article' &&
              typeof m.payload === 'object' &&
              m.payload !== null &&
              !Array.isArray(m.payload)
            ),
        ),
    );
    await fc.assert(
      fc.asyncProperty(pageMessage, async (message) => {
        const answer = await agent.dispatch(message);
        expect(isResult(answer)).toBe(true);
        expect(answer.ok).toBe(false);
      }),
      { numRuns: RUNS.pageMessages },
    );
    expect(touched).toEqual([]);
    expect(document.documentElement.outerHTML).toBe(before);
  });
});

describe('sender checks', () => {
  const sender: fc.Arbitrary<SenderInfo> = fc.record(
    {
      id: fc.oneof(fc.constant(EXT_ID), fc.string()),
      url: fc.oneof(
        fc.constant(`${ORIGIN}popup.html`),
        fc.constant(`${ORIGIN}options.html`),
        fc.webUrl(),
        fc.string().map((s) => `chrome-extension://${s}`),
      ),
      tab: fc.record(
        { id: fc.nat(), url: fc.oneof(fc.webUrl(), fc.constant(`${ORIGIN}options.html`)) },
        { requiredKeys: [] },
      ),
      frameId: fc.nat(),
    },
    { requiredKeys: [] },
  );

  it(`the background answers only this extension’s pages (${RUNS.senders} runs)`, () => {
    fc.assert(
      fc.property(sender, (s) => {
        const ours =
          s.id === EXT_ID &&
          typeof s.url === 'string' &&
          s.url.startsWith(ORIGIN) &&
          (!s.tab || s.tab.url === undefined || s.tab.url.startsWith(ORIGIN));
        expect(senderKind(s, EXT_ID, ORIGIN) === 'extension-page').toBe(ours);
      }),
      { numRuns: RUNS.senders },
    );
  });

  it(`the page script answers only this extension’s background (${RUNS.senders} runs)`, () => {
    fc.assert(
      fc.property(fc.option(sender, { nil: undefined }), (s) => {
        expect(isFromBackground(s, EXT_ID)).toBe(s !== undefined && s.id === EXT_ID && !s.tab);
      }),
      { numRuns: RUNS.senders },
    );
  });
});
