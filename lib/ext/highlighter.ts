/**
 * Paints shared sentences in the page with the CSS Custom Highlight API: the page's DOM is
 * never rewritten (no wrapping <mark>s that would break the site's scripts or styles), the
 * ranges are registered under names that a stylesheet, inserted by the background with
 * `scripting.insertCSS`, styles through `::highlight(name)`.
 *
 * - `deja-lu-shared`: every shared sentence (verbatim and edited);
 * - `deja-lu-edited`: the edited ones again, painted above with a wavy underline;
 * - `deja-lu-focus`: the sentence the reader just picked in the popup, for two seconds.
 */
import type { PageMark } from './protocol';

export const HIGHLIGHT_SHARED = 'deja-lu-shared';
export const HIGHLIGHT_EDITED = 'deja-lu-edited';
export const HIGHLIGHT_FOCUS = 'deja-lu-focus';

/** How long the focus highlight stays after scrolling to a sentence. */
export const FOCUS_MS = 2000;

/** The stylesheet the background inserts into an analysed page. */
export const HIGHLIGHT_CSS = `
::highlight(${HIGHLIGHT_SHARED}) { background-color: rgba(255, 200, 0, 0.38); }
::highlight(${HIGHLIGHT_EDITED}) { text-decoration: underline wavy rgba(200, 90, 0, 0.9); }
::highlight(${HIGHLIGHT_FOCUS}) { background-color: rgba(255, 140, 0, 0.6); }
@media (prefers-color-scheme: dark) {
  ::highlight(${HIGHLIGHT_SHARED}) { background-color: rgba(255, 200, 0, 0.28); }
  ::highlight(${HIGHLIGHT_FOCUS}) { background-color: rgba(255, 140, 0, 0.5); }
}
`;

export interface MarkedRange {
  range: Range;
  mark: PageMark;
}

/** The subset of `window` the highlighter uses (a seam for tests). */
export interface HighlightWindow {
  CSS?: { highlights?: Map<string, unknown> };
  Highlight?: new (...ranges: Range[]) => unknown;
  setTimeout(handler: () => void, ms: number): unknown;
  clearTimeout(id: never): void;
}

export interface Highlighter {
  /** Replaces the painted ranges; paints them only when `visible`. */
  show(ranges: readonly MarkedRange[], visible: boolean): void;
  setVisible(visible: boolean): void;
  /** Briefly paints one range as the current one. */
  focus(range: Range): void;
  /** Removes everything this highlighter registered. */
  clear(): void;
  /** Whether the browser supports the Custom Highlight API. */
  readonly supported: boolean;
}

/** A highlighter for `win`; a no-op one where the Custom Highlight API is missing. */
export function createHighlighter(
  win: HighlightWindow = window as unknown as HighlightWindow,
): Highlighter {
  const registry = win.CSS?.highlights;
  const HighlightClass = win.Highlight;
  let current: readonly MarkedRange[] = [];
  let visible = false;
  let focusTimer: unknown = null;

  const paint = () => {
    if (!registry || !HighlightClass) return;
    registry.delete(HIGHLIGHT_SHARED);
    registry.delete(HIGHLIGHT_EDITED);
    if (!visible) return;
    const shared = current.filter((r) => r.mark !== null).map((r) => r.range);
    const edited = current.filter((r) => r.mark === 'edited').map((r) => r.range);
    if (shared.length) registry.set(HIGHLIGHT_SHARED, new HighlightClass(...shared));
    if (edited.length) {
      const highlight = new HighlightClass(...edited) as { priority?: number };
      highlight.priority = 1;
      registry.set(HIGHLIGHT_EDITED, highlight);
    }
  };

  return {
    supported: Boolean(registry && HighlightClass),
    show(ranges, show) {
      current = ranges;
      visible = show;
      paint();
    },
    setVisible(show) {
      visible = show;
      paint();
    },
    focus(range) {
      if (!registry || !HighlightClass) return;
      const highlight = new HighlightClass(range) as { priority?: number };
      highlight.priority = 2;
      registry.set(HIGHLIGHT_FOCUS, highlight);
      if (focusTimer !== null) win.clearTimeout(focusTimer as never);
      focusTimer = win.setTimeout(() => {
        registry.delete(HIGHLIGHT_FOCUS);
        focusTimer = null;
      }, FOCUS_MS);
    },
    clear() {
      current = [];
      registry?.delete(HIGHLIGHT_SHARED);
      registry?.delete(HIGHLIGHT_EDITED);
      registry?.delete(HIGHLIGHT_FOCUS);
    },
  };
}
