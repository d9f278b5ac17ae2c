/** The CLI's readable output: one section per document, coloured on a terminal. */
import type { Annotation } from '../lib/types';

export interface Palette {
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const ansi = (code: number) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
export const COLOURS: Palette = {
  bold: ansi(1),
  dim: ansi(2),
  green: ansi(32),
  yellow: ansi(33),
  cyan: ansi(36),
};
const identity = (s: string) => s;
export const PLAIN: Palette = {
  bold: identity,
  dim: identity,
  green: identity,
  yellow: identity,
  cyan: identity,
};

export function renderText(annotation: Annotation, c: Palette): string {
  const out: string[] = [];
  const { stats } = annotation;
  out.push(c.bold(`${annotation.id}${annotation.title ? ` — ${annotation.title}` : ''}`));
  out.push(
    `${stats.shared} of ${stats.sentences} sentences also found elsewhere (${Math.round(stats.sharedRatio * 100)}%)`,
  );
  out.push(
    annotation.credit
      ? `credit: ${annotation.credit.text}${annotation.credit.agency ? ` (agency: ${annotation.credit.agency})` : ''}`
      : 'credit: none found',
  );
  out.push('');
  for (const s of annotation.sentences) {
    const quote = s.kind === 'quote' ? '«' : ' ';
    if (s.status === 'unique') {
      out.push(`  ${quote} ${c.dim(s.text)}`);
      continue;
    }
    const mark = s.match === 'verbatim' ? c.green('=') : c.yellow('~');
    out.push(`${mark} ${quote} ${s.text}`);
    for (const src of s.sources) {
      out.push(
        c.cyan(
          `      ↳ ${src.id} (${src.similarity.toFixed(2)})${src.title ? ` ${src.title}` : ''}`,
        ),
      );
    }
  }
  if (annotation.boilerplate.length) {
    out.push('');
    out.push(c.dim(`removed as boilerplate (${annotation.boilerplate.length}):`));
    for (const b of annotation.boilerplate) {
      const text = b.text.length > 80 ? `${b.text.slice(0, 77)}...` : b.text;
      out.push(c.dim(`  [${b.reason}] ${text.replace(/\s+/g, ' ')}`));
    }
  }
  return out.join('\n');
}
