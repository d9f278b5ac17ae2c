// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import en from '@/public/_locales/en/messages.json';
import fr from '@/public/_locales/fr/messages.json';
import { App, type HostAccess } from '@/components/App';
import { diffPieces } from '@/components/WordDiff';
import { I18nContext, makeI18n } from '@/components/i18n';
import { catalogTranslator } from '@/lib/ext/i18n';
import type { Caller, PopupToBackground, Result, TabAnalysis } from '@/lib/ext/protocol';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/ext/settings';
import { articleAnalysis } from './ext-fixtures';

type Answers = {
  [K in keyof PopupToBackground]?: (
    payload: PopupToBackground[K]['request'],
  ) => Result<unknown> | Promise<Result<unknown>>;
};

/** A fake background: answers from `answers`, records every call. */
function fakeBackground(answers: Answers) {
  const calls: { type: string; payload: unknown }[] = [];
  const call = (async (type: keyof PopupToBackground, payload: never) => {
    calls.push({ type, payload });
    const answer = answers[type] as ((p: unknown) => Result<unknown>) | undefined;
    return answer ? answer(payload) : { ok: true, value: null };
  }) as Caller<PopupToBackground>;
  return { call, calls };
}

const ok = <T,>(value: T): Result<T> => ({ ok: true, value });
const settings = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  render(null, container);
  container.remove();
});

async function flush() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

async function mount(
  answers: Answers,
  options: { lang?: 'en' | 'fr'; tabId?: number | null; hostAccess?: HostAccess } = {},
) {
  const background = fakeBackground({ 'get-settings': () => ok(settings()), ...answers });
  const lang = options.lang ?? 'en';
  const i18n = makeI18n(catalogTranslator(lang === 'en' ? en : fr), lang);
  const hostAccess = options.hostAccess ?? { request: async () => true, release: async () => true };
  await act(() => {
    render(
      <I18nContext.Provider value={i18n}>
        <App
          call={background.call}
          tabId={options.tabId === undefined ? 7 : options.tabId}
          hostAccess={hostAccess}
        />
      </I18nContext.Provider>,
      container,
    );
  });
  await flush();
  return background;
}

const $ = (selector: string) => container.querySelector<HTMLElement>(selector);
const $$ = (selector: string) => [...container.querySelectorAll<HTMLElement>(selector)];
const analysed = (analysis: TabAnalysis) => ({ 'analyse-tab': () => ok(analysis) });

describe('the article screen', () => {
  const analysis = articleAnalysis();

  it('shows the title, site, summary, credit and ranked sources', async () => {
    const background = await mount(analysed(analysis));
    expect(background.calls[0]).toEqual({ type: 'analyse-tab', payload: { tabId: 7 } });
    expect($('.page-title')!.textContent).toBe('Trump et Musk sur X');
    expect($('.page-site')!.textContent).toBe('Le Quotidien');
    const { shared, sentences } = analysis.annotation.stats;
    expect($('.summary-text')!.textContent).toBe(
      `${shared} of ${sentences} sentences also found elsewhere`,
    );
    expect($('.credit')!.textContent).toBe('Credit line: (AFP)');
    const sources = $$('.source');
    expect(sources.map((s) => s.dataset.sourceId)).toEqual(analysis.sources.map((s) => s.id));
    expect(sources[0]!.querySelector('.source-outlet')!.textContent).toBe('Unknown outlet');
    expect(sources[0]!.querySelector('.source-share')!.textContent).toMatch(
      /^\d+% of the article$/,
    );
    expect(sources.map((s) => s.querySelector('.source-outlet')!.textContent)).toContain('watson');
    expect(sources[0]!.querySelector('.source-meta')!.textContent).toMatch(
      /\d+ sentences · \d+% similar/,
    );
  });

  it('marks each sentence: verbatim, edited, unique; quote or prose', async () => {
    await mount(analysed(analysis));
    const items = $$('.sentence-item');
    expect(items).toHaveLength(analysis.annotation.sentences.length);
    const marks = new Set(items.map((i) => i.dataset.mark));
    expect(marks).toEqual(new Set(['verbatim', 'edited', 'unique']));
    expect(new Set(items.map((i) => i.dataset.kind))).toEqual(new Set(['prose', 'quote']));
    const unique = items.find((i) => i.dataset.mark === 'unique')!;
    expect(unique.querySelector('button')!.hasAttribute('aria-expanded')).toBe(false);
    expect(unique.textContent).toContain('Notre rédaction a tenté de joindre');
    expect(
      items.find((i) => i.dataset.kind === 'quote')!.querySelector('.tag-quote')!.textContent,
    ).toBe('quote');
  });

  it('expands a shared sentence to its source text and word diff, and scrolls the page to it', async () => {
    const background = await mount({
      ...analysed(analysis),
      'scroll-to-sentence': () => ok({ scrolled: true }),
    });
    const index = analysis.annotation.sentences.findIndex(
      (s) => s.match === 'edited' && s.kind === 'prose',
    );
    const button = $$('.sentence-item')[index]!.querySelector('button')!;
    expect(button.getAttribute('aria-expanded')).toBe('false');
    await act(() => button.click());
    await flush();
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const detail = container.querySelector(`#${button.getAttribute('aria-controls')}`)!;
    expect(detail.querySelector('.matched-text')!.textContent).toContain(
      'ont échangé lundi 13 août',
    );
    expect(detail.querySelector('del')!.textContent).toContain('échangé');
    expect(detail.querySelector('ins')!.textContent).toContain('discuté');
    expect(detail.querySelector('.found-in')!.textContent).toMatch(
      /^Found in Unknown outlet — Donald Trump/,
    );
    expect(background.calls).toContainEqual({
      type: 'scroll-to-sentence',
      payload: { tabId: 7, index },
    });

    await act(() => button.click());
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });

  it('says when a sentence could not be found in the page', async () => {
    await mount({ ...analysed(analysis), 'scroll-to-sentence': () => ok({ scrolled: false }) });
    const item = $$('.sentence-item')[0]!;
    await act(() => item.querySelector('button')!.click());
    await flush();
    expect(item.querySelector('.sentence-missing')!.textContent).toBe('Not located in the page');
  });

  it('moves between sentences with the arrow keys', async () => {
    await mount(analysed(analysis));
    const buttons = $$('button.sentence');
    buttons[0]!.focus();
    const press = (key: string) =>
      act(() => {
        document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      });
    await press('ArrowDown');
    expect(document.activeElement).toBe(buttons[1]);
    await press('End');
    expect(document.activeElement).toBe(buttons.at(-1));
    await press('ArrowDown');
    expect(document.activeElement).toBe(buttons.at(-1));
    await press('Home');
    expect(document.activeElement).toBe(buttons[0]);
  });

  it('lists the removed boilerplate, collapsed, with reasons', async () => {
    await mount(analysed(analysis));
    const details = $('details.boilerplate') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')!.textContent).toBe('Removed from the article (1)');
    expect(details.querySelector('.reason')!.textContent).toBe('related articles');
    expect(details.querySelector('.boilerplate-text')!.textContent).toContain('Lire aussi');
  });

  it('toggles the highlights in the page', async () => {
    const background = await mount({
      ...analysed(analysis),
      'set-highlights': ({ visible }) => ok({ visible }),
    });
    const toggle = $('.analysis .toggle input') as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    await act(() => toggle.click());
    expect(background.calls).toContainEqual({
      type: 'set-highlights',
      payload: { tabId: 7, visible: false },
    });
    expect(toggle.checked).toBe(false);
  });

  it('says why sentences are missing from the page, and says nothing when none is', async () => {
    await mount(analysed(analysis));
    expect($('.located')!.textContent).toBe(
      `${analysis.annotation.stats.sentences} of ${analysis.annotation.stats.sentences} sentences located in the page`,
    );
    expect($('.highlight-status')).toBeNull();
    render(null, container);

    const tooLarge = articleAnalysis();
    tooLarge.highlights = { visible: true, located: 0, status: 'too-large' };
    await mount(analysed(tooLarge));
    expect($('.located')!.textContent).toMatch(/^0 of \d+ sentences located in the page$/);
    expect($('.highlight-status')!.textContent).toBe(
      'The page is too large to locate its sentences in.',
    );
    render(null, container);

    const late = articleAnalysis();
    late.highlights = { visible: true, located: 1, status: 'out-of-time' };
    await mount(analysed(late), { lang: 'fr' });
    expect($('.highlight-status')!.dataset.status).toBe('out-of-time');
    expect($('.highlight-status')!.textContent).toMatch(/^Le repérage s’est arrêté/);
  });

  it('renders page text as text, never as markup', async () => {
    const hostile = articleAnalysis();
    hostile.page.title = '<img src=x onerror="alert(1)">Titre';
    hostile.annotation.sentences[0]!.text = '<script>alert(1)</script> Une phrase.';
    await mount(analysed(hostile));
    expect(container.querySelector('img, script')).toBeNull();
    expect($('.page-title')!.textContent).toBe('<img src=x onerror="alert(1)">Titre');
  });

  it('speaks French when the browser does', async () => {
    await mount(analysed(analysis), { lang: 'fr' });
    const { shared, sentences } = analysis.annotation.stats;
    expect($('.summary-text')!.textContent).toBe(
      `${shared} phrases sur ${sentences} se retrouvent ailleurs`,
    );
    expect($('details.boilerplate summary')!.textContent).toBe('Retiré de l’article (1)');
    expect($('.source-outlet')!.textContent).toBe('Média inconnu');
  });

  it('names the agency when the credit line spells it otherwise', async () => {
    const spelled = articleAnalysis();
    spelled.annotation.credit = { start: 0, end: 5, text: '(sda)', agency: 'ATS' };
    await mount(analysed(spelled));
    expect($('.credit')!.textContent).toBe('Credit line: (sda) (agency: ATS)');
  });

  it('says when there is no credit line', async () => {
    const uncredited = articleAnalysis();
    uncredited.annotation.credit = null;
    await mount(analysed(uncredited));
    expect($('.credit')!.textContent).toBe('No credit line');
  });
});

describe('the other screens', () => {
  it('shows a loading screen until the background answers', async () => {
    let answer: (value: Result<TabAnalysis>) => void = () => {};
    await mount({ 'analyse-tab': () => new Promise((resolve) => (answer = resolve)) });
    expect($('[data-screen="loading"]')!.getAttribute('role')).toBe('status');
    await act(() => answer(ok({ kind: 'empty-corpus' })));
    await flush();
    expect($('[data-screen="loading"]')).toBeNull();
    expect($('[data-screen="empty-corpus"] h1')!.textContent).toBe('The corpus is empty');
  });

  it('shows the not-an-article screen, with a retry', async () => {
    const background = await mount(
      analysed({
        kind: 'not-article',
        reason: 'not-readerable',
        message: null,
        url: 'http://127.0.0.1/',
      }),
    );
    expect($('[data-screen="not-article"] h1')!.textContent).toBe('This page is not an article');
    await act(() => ($('[data-screen="not-article"] button') as HTMLButtonElement).click());
    await flush();
    expect(background.calls.filter((c) => c.type === 'analyse-tab')).toHaveLength(2);
  });

  it('tells restricted pages apart from non-articles', async () => {
    await mount(
      analysed({ kind: 'not-article', reason: 'restricted', message: 'chrome://', url: null }),
    );
    expect($('[data-screen="restricted"] h1')!.textContent).toBe('Déjà lu cannot read this page');
  });

  it('shows errors as an alert, with the reason and a retry', async () => {
    await mount({
      'analyse-tab': () => ({ ok: false, error: { code: 'internal', message: 'database closed' } }),
    });
    const screen = $('[data-screen="error"]')!;
    expect(screen.getAttribute('role')).toBe('alert');
    expect(screen.textContent).toContain('Déjà lu could not analyse this page: database closed');
    expect(screen.querySelector('button')!.textContent).toBe('Try again');
  });

  it('shows an error when there is no tab to analyse', async () => {
    const background = await mount({}, { tabId: null });
    expect($('[data-screen="error"]')).not.toBeNull();
    expect(background.calls.some((c) => c.type === 'analyse-tab')).toBe(false);
  });
});

describe('automatic analysis setting', () => {
  const auto = () => $('.settings input') as HTMLInputElement;

  it('asks for host access before switching on', async () => {
    const request = vi.fn(async () => true);
    const background = await mount(
      {
        ...analysed({ kind: 'empty-corpus' }),
        'update-settings': (patch) => ok(settings({ autoAnalyse: patch.autoAnalyse ?? false })),
      },
      { hostAccess: { request, release: async () => true } },
    );
    expect(auto().checked).toBe(false);
    await act(() => auto().click());
    await flush();
    expect(request).toHaveBeenCalledTimes(1);
    expect(background.calls).toContainEqual({
      type: 'update-settings',
      payload: { autoAnalyse: true },
    });
    expect(auto().checked).toBe(true);
  });

  it('stays off when access is refused, and says so', async () => {
    const background = await mount(analysed({ kind: 'empty-corpus' }), {
      hostAccess: { request: async () => false, release: async () => true },
    });
    await act(() => auto().click());
    await flush();
    expect(auto().checked).toBe(false);
    expect(background.calls.some((c) => c.type === 'update-settings')).toBe(false);
    expect($('.settings .warning')!.textContent).toBe(en.autoDenied.message);
  });

  /** Mounts the popup with the setting on or off, the background failing to save it; clicks. */
  async function clickWithFailingSave(on: boolean) {
    const release = vi.fn(async () => true);
    await mount(
      {
        ...analysed({ kind: 'empty-corpus' }),
        'get-settings': () => ok(settings({ autoAnalyse: on })),
        'update-settings': () => ({
          ok: false,
          error: { code: 'storage', message: 'The browser refused to store the settings.' },
        }),
      },
      { hostAccess: { request: async () => true, release } },
    );
    await act(() => auto().click());
    await flush();
    return release;
  }

  it('says why when the setting cannot be saved, and does not blame access', async () => {
    const release = await clickWithFailingSave(false);
    expect(auto().checked).toBe(false);
    expect($('.settings .warning')).toBeNull();
    expect($('.settings [role="alert"]')!.textContent).toBe(
      'The browser refused to store the settings.',
    );
    // The access just granted is given back: the setting it was for did not take.
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('keeps access when switching off cannot be saved: the setting stays on', async () => {
    const release = await clickWithFailingSave(true);
    expect(auto().checked).toBe(true);
    expect(release).not.toHaveBeenCalled();
    expect($('.settings [role="alert"]')).not.toBeNull();
  });

  it('gives access back when switched off', async () => {
    const release = vi.fn(async () => true);
    await mount(
      {
        ...analysed({ kind: 'empty-corpus' }),
        'get-settings': () => ok(settings({ autoAnalyse: true })),
        'update-settings': (patch) => ok(settings({ autoAnalyse: patch.autoAnalyse ?? false })),
      },
      { hostAccess: { request: async () => true, release } },
    );
    expect(auto().checked).toBe(true);
    await act(() => auto().click());
    await flush();
    expect(release).toHaveBeenCalledTimes(1);
    expect(auto().checked).toBe(false);
  });
});

describe('diffPieces', () => {
  it('puts spaces back between words, not before punctuation', () => {
    const pieces = diffPieces([
      { op: '=', text: 'Elon Musk ont' },
      { op: '-', text: 'échangé' },
      { op: '+', text: 'discuté' },
      { op: '=', text: ', selon lui' },
    ]);
    expect(pieces.map((p) => p.space)).toEqual([false, true, true, false]);
  });
});

describe('adding the page to the corpus, and the options page', () => {
  const analysis = articleAnalysis();

  it('adds the analysed page to the reader’s corpus and says so', async () => {
    const background = await mount({
      ...analysed(analysis),
      'add-tab-to-corpus': ({ tabId }) =>
        ok({ id: `tab-${tabId}`, title: 'Titre', replaced: false, corpusSize: 6 }),
    });
    const button = $('.add-to-corpus') as HTMLButtonElement;
    expect(button.textContent).toBe('Add this page to my corpus');
    await act(() => button.click());
    await flush();
    expect(background.calls).toContainEqual({ type: 'add-tab-to-corpus', payload: { tabId: 7 } });
    expect($('.add-status')!.textContent).toBe(
      'Added: articles are now compared with 6 documents.',
    );
  });

  it('says when the page replaced an earlier copy, and when adding failed', async () => {
    let answer: Result<unknown> = ok({ id: 'x', title: null, replaced: true, corpusSize: 6 });
    await mount({ ...analysed(analysis), 'add-tab-to-corpus': () => answer });
    await act(() => ($('.add-to-corpus') as HTMLButtonElement).click());
    await flush();
    expect($('.add-status')!.textContent).toBe('Updated in your corpus (6 documents).');
    answer = { ok: false, error: { code: 'storage', message: 'quota exceeded' } };
    await act(() => ($('.add-to-corpus') as HTMLButtonElement).click());
    await flush();
    expect($('.add-status .warning')!.textContent).toBe('Could not add this page: quota exceeded');
  });

  it('uses the analysis the entrypoint asked for before rendering, then asks again on retry', async () => {
    const background = fakeBackground({
      'get-settings': () => ok(settings()),
      'analyse-tab': () =>
        ok({ kind: 'not-article', reason: 'not-readerable', message: null, url: null }),
    });
    const openOptions = vi.fn();
    const i18n = makeI18n(catalogTranslator(en), 'en');
    await act(() => {
      render(
        <I18nContext.Provider value={i18n}>
          <App
            call={background.call}
            tabId={7}
            hostAccess={{ request: async () => true, release: async () => true }}
            firstAnalysis={Promise.resolve(ok(analysis))}
            openOptions={openOptions}
          />
        </I18nContext.Provider>,
        container,
      );
    });
    await flush();
    expect($('[data-screen="article"]')).not.toBeNull();
    expect(background.calls.some((c) => c.type === 'analyse-tab')).toBe(false);
    await act(() => ($('.options-link button') as HTMLButtonElement).click());
    expect(openOptions).toHaveBeenCalledTimes(1);
  });
});
