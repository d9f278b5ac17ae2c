import type { DiffOp } from '@/lib/types';
import { useI18n } from './i18n';

export interface WordDiffProps {
  ops: readonly DiffOp[];
}

/**
 * Pieces of a word diff with the spaces put back: ops are words or runs of words, which may
 * or may not carry their own spaces; a space is added between two pieces when neither
 * supplies one and the second does not start with closing punctuation.
 */
export function diffPieces(
  ops: readonly DiffOp[],
): { op: DiffOp['op']; text: string; space: boolean }[] {
  const pieces: { op: DiffOp['op']; text: string; space: boolean }[] = [];
  let previous = '';
  for (const { op, text } of ops) {
    if (text === '') continue;
    const space =
      previous !== '' &&
      !/\s$/.test(previous) &&
      !/^[\s,.;:!?)\]»”…]/.test(text) &&
      !/[(«“'’]$/.test(previous);
    pieces.push({ op, text, space });
    previous = text;
  }
  return pieces;
}

/** The source's wording turned into the article's: removed words struck, added words underlined. */
export function WordDiff({ ops }: WordDiffProps) {
  const { t } = useI18n();
  return (
    <p class="word-diff" aria-label={t('wordDiff')}>
      {diffPieces(ops).map((piece, i) => {
        const space = piece.space ? ' ' : '';
        if (piece.op === '=') return <span key={i}>{space + piece.text}</span>;
        const Tag = piece.op === '-' ? 'del' : 'ins';
        return (
          <span key={i}>
            {space}
            <Tag>
              <span class="sr-only">{t(piece.op === '-' ? 'diffRemoved' : 'diffAdded')}: </span>
              {piece.text}
            </Tag>
          </span>
        );
      })}
    </p>
  );
}
