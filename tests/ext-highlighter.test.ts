// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import {
  createHighlighter,
  FOCUS_MS,
  HIGHLIGHT_CSS,
  HIGHLIGHT_EDITED,
  HIGHLIGHT_FOCUS,
  HIGHLIGHT_SHARED,
  type HighlightWindow,
} from '@/lib/ext/highlighter';

class FakeHighlight {
  priority = 0;
  readonly ranges: Range[];
  constructor(...ranges: Range[]) {
    this.ranges = ranges;
  }
}

function fakeWindow() {
  const highlights = new Map<string, unknown>();
  const win: HighlightWindow = {
    CSS: { highlights },
    Highlight: FakeHighlight,
    setTimeout: (handler, ms) => setTimeout(handler, ms),
    clearTimeout: (id) => clearTimeout(id),
  };
  return { win, highlights };
}

const range = () => document.createRange();

describe('createHighlighter', () => {
  it('registers shared ranges, and edited ones again above them', () => {
    const { win, highlights } = fakeWindow();
    const [a, b, c] = [range(), range(), range()];
    const highlighter = createHighlighter(win);
    highlighter.show(
      [
        { range: a, mark: 'verbatim' },
        { range: b, mark: 'edited' },
        { range: c, mark: null },
      ],
      true,
    );
    const shared = highlights.get(HIGHLIGHT_SHARED) as FakeHighlight;
    const edited = highlights.get(HIGHLIGHT_EDITED) as FakeHighlight;
    expect(shared.ranges).toEqual([a, b]);
    expect(edited.ranges).toEqual([b]);
    expect(edited.priority).toBeGreaterThan(shared.priority);
  });

  it('hides and shows again without losing the ranges', () => {
    const { win, highlights } = fakeWindow();
    const highlighter = createHighlighter(win);
    highlighter.show([{ range: range(), mark: 'verbatim' }], false);
    expect(highlights.has(HIGHLIGHT_SHARED)).toBe(false);
    highlighter.setVisible(true);
    expect(highlights.has(HIGHLIGHT_SHARED)).toBe(true);
    highlighter.setVisible(false);
    expect(highlights.size).toBe(0);
  });

  it('flashes the focused sentence, then removes it', () => {
    vi.useFakeTimers();
    const { win, highlights } = fakeWindow();
    const highlighter = createHighlighter(win);
    highlighter.focus(range());
    expect(highlights.has(HIGHLIGHT_FOCUS)).toBe(true);
    vi.advanceTimersByTime(FOCUS_MS + 1);
    expect(highlights.has(HIGHLIGHT_FOCUS)).toBe(false);
    vi.useRealTimers();
  });

  it('clears everything it registered, and nothing else', () => {
    const { win, highlights } = fakeWindow();
    highlights.set('site-own-highlight', {});
    const highlighter = createHighlighter(win);
    highlighter.show([{ range: range(), mark: 'edited' }], true);
    highlighter.focus(range());
    highlighter.clear();
    expect([...highlights.keys()]).toEqual(['site-own-highlight']);
  });

  it('is a no-op without the Custom Highlight API', () => {
    const highlighter = createHighlighter({
      setTimeout,
      clearTimeout,
    } as unknown as HighlightWindow);
    expect(highlighter.supported).toBe(false);
    expect(() => highlighter.show([{ range: range(), mark: 'verbatim' }], true)).not.toThrow();
  });

  it('styles each highlight name', () => {
    for (const name of [HIGHLIGHT_SHARED, HIGHLIGHT_EDITED, HIGHLIGHT_FOCUS]) {
      expect(HIGHLIGHT_CSS).toContain(`::highlight(${name})`);
    }
  });
});
