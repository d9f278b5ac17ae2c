import { useRef, useState } from 'preact/hooks';
import type { AnnotatedSentence } from '@/lib/types';
import type { RankedSource } from '@/lib/ext/protocol';
import { useI18n } from './i18n';
import { WordDiff } from './WordDiff';

export interface SentenceListProps {
  sentences: readonly AnnotatedSentence[];
  sources: readonly RankedSource[];
  /**
   * Asks the page to scroll to the sentence; resolves false when it is not in the page.
   * Absent for a saved analysis: shared sentences still expand, unique ones are plain text.
   */
  onShow?(index: number): Promise<boolean>;
}

/** The mark of a sentence: how it is shared, if it is. */
export function sentenceMark(sentence: AnnotatedSentence): 'verbatim' | 'edited' | 'unique' {
  if (sentence.status !== 'shared') return 'unique';
  return sentence.match === 'edited' ? 'edited' : 'verbatim';
}

const MARK_LABEL = {
  verbatim: 'markVerbatim',
  edited: 'markEdited',
  unique: 'markUnique',
} as const;

/**
 * The article's sentences in order, each a button: activating it scrolls the page to the
 * sentence and, for a shared one, expands where else it is found with the word diff.
 * Up/Down arrows move between sentences, Home/End to the first and last.
 */
export function SentenceList({ sentences, sources, onShow }: SentenceListProps) {
  const { t, percent } = useI18n();
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [missing, setMissing] = useState<ReadonlySet<number>>(new Set());
  const listRef = useRef<HTMLOListElement>(null);

  const activate = (index: number) => {
    const sentence = sentences[index]!;
    if (sentence.status === 'shared') {
      setExpanded((open) => {
        const next = new Set(open);
        if (next.has(index)) next.delete(index);
        else next.add(index);
        return next;
      });
    }
    void onShow?.(index).then((shown) => {
      if (!shown) setMissing((m) => new Set(m).add(index));
    });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
    if (!keys.includes(event.key) || !listRef.current) return;
    const buttons = [...listRef.current.querySelectorAll<HTMLButtonElement>('button.sentence')];
    const current = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (current === -1) return;
    const target =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? buttons.length - 1
          : Math.min(
              buttons.length - 1,
              Math.max(0, current + (event.key === 'ArrowDown' ? 1 : -1)),
            );
    event.preventDefault();
    buttons[target]?.focus();
  };

  const sourceById = new Map(sources.map((s) => [s.id, s]));
  const sourceName = (id: string, fallbackTitle: string | null) => {
    const source = sourceById.get(id);
    const outlet = source?.outlet ?? t('unknownOutlet');
    const title = source?.title ?? fallbackTitle;
    return title ? `${outlet} — ${title}` : outlet;
  };

  return (
    <ol class="sentences" ref={listRef} onKeyDown={onKeyDown}>
      {sentences.map((sentence, index) => {
        const mark = sentenceMark(sentence);
        const isOpen = expanded.has(index);
        const detailId = `sentence-detail-${index}`;
        const best = sentence.sources[0];
        const content = (
          <>
            <span class="sentence-text">{sentence.text}</span>
            <span class="sentence-tags">
              <span class={`tag tag-${mark}`}>{t(MARK_LABEL[mark])}</span>
              {sentence.kind === 'quote' && <span class="tag tag-quote">{t('kindQuote')}</span>}
            </span>
          </>
        );
        return (
          <li
            key={index}
            class={`sentence-item mark-${mark} kind-${sentence.kind}`}
            data-mark={mark}
            data-kind={sentence.kind}
          >
            {mark === 'unique' && !onShow ? (
              <div class="sentence">{content}</div>
            ) : (
              <button
                type="button"
                class="sentence"
                aria-expanded={mark === 'unique' ? undefined : isOpen}
                aria-controls={mark === 'unique' ? undefined : detailId}
                onClick={() => activate(index)}
              >
                {content}
              </button>
            )}
            {missing.has(index) && <p class="sentence-missing">{t('notInPage')}</p>}
            {mark !== 'unique' && isOpen && best && (
              <div class="sentence-detail" id={detailId}>
                <p class="found-in">
                  {t('foundIn', [sourceName(best.id, best.title)])}
                  {' · '}
                  <span class="similarity">
                    {t('sourceSimilarity', [percent(best.similarity)])}
                  </span>
                </p>
                <p class="detail-label">{t('matchedText')}</p>
                <blockquote class="matched-text">{best.text}</blockquote>
                <p class="detail-label">{t('wordDiff')}</p>
                <WordDiff ops={best.diff} />
                {sentence.sources.length > 1 && (
                  <details class="other-sources">
                    <summary>{t('alsoIn', [String(sentence.sources.length - 1)])}</summary>
                    <ul>
                      {sentence.sources.slice(1).map((source) => (
                        <li key={source.id}>
                          {sourceName(source.id, source.title)} ·{' '}
                          {t('sourceSimilarity', [percent(source.similarity)])}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
