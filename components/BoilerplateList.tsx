import type { BoilerplateBlock, BoilerplateReason } from '@/lib/types';
import type { MessageKey } from '@/lib/ext/i18n';
import { useI18n } from './i18n';

export interface BoilerplateListProps {
  blocks: readonly BoilerplateBlock[];
}

/** The label of each reason; the compiler checks every reason has one. */
const REASON_LABEL: Record<BoilerplateReason, MessageKey> = {
  ticker: 'reason_ticker',
  navigation: 'reason_navigation',
  related: 'reason_related',
  comments: 'reason_comments',
  caption: 'reason_caption',
  author: 'reason_author',
  promo: 'reason_promo',
  share: 'reason_share',
  newsletter: 'reason_newsletter',
  paywall: 'reason_paywall',
  notice: 'reason_notice',
  dateline: 'reason_dateline',
  cookie: 'reason_cookie',
};

/** Longest excerpt of a removed block shown; the rest is elided. */
const EXCERPT_LENGTH = 180;

export function excerpt(text: string, length = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.lastIndexOf(' ', length);
  return `${flat.slice(0, cut > length / 2 ? cut : length)}…`;
}

/** What was taken out of the article before matching, collapsed, each with its reason. */
export function BoilerplateList({ blocks }: BoilerplateListProps) {
  const { t } = useI18n();
  if (blocks.length === 0) return <p class="boilerplate-none">{t('boilerplateNone')}</p>;
  return (
    <details class="boilerplate">
      <summary>{t('boilerplateHeading', [String(blocks.length)])}</summary>
      <ul>
        {blocks.map((block, i) => (
          <li key={i} data-reason={block.reason}>
            <span class="reason">{t(REASON_LABEL[block.reason])}</span>
            <span class="boilerplate-text">{excerpt(block.text)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
