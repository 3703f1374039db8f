import { formatNumber } from './format.js';
import { useLang, useT } from '../i18n/index.js';

/**
 * Previous and next page of a list, with where one is ("Trang 2 / 5 · 21–40 trên 95"). The position is announced
 * when it changes, so that a screen reader user hears that the page turned; a button that leads nowhere is disabled.
 */
export function Pager({
  label,
  offset,
  limit,
  shown,
  total,
  onPage,
}: {
  /** The list's name, naming the navigation landmark ("Phân trang: Cơ quan"). */
  label: string;
  offset: number;
  limit: number;
  /** Rows on this page. */
  shown: number;
  total: number;
  onPage: (offset: number) => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.min(pages, Math.floor(offset / limit) + 1);
  return (
    <nav className="pager" aria-label={t('list.pager', { label })}>
      <button
        type="button"
        className="button button--small button--ghost"
        disabled={offset === 0}
        onClick={() => onPage(Math.max(0, offset - limit))}
      >
        <span aria-hidden="true">‹ </span>
        {t('list.previous')}
      </button>
      <span className="muted small" aria-live="polite" data-testid="pager-position">
        {t('list.page', { page: formatNumber(page, lang), pages: formatNumber(pages, lang) })}
        {shown > 0 && (
          <>
            {' · '}
            {t('list.range', {
              from: formatNumber(offset + 1, lang),
              to: formatNumber(offset + shown, lang),
              total: formatNumber(total, lang),
            })}
          </>
        )}
      </span>
      <button
        type="button"
        className="button button--small button--ghost"
        disabled={offset + limit >= total}
        onClick={() => onPage(offset + limit)}
      >
        {t('list.next')}
        <span aria-hidden="true"> ›</span>
      </button>
    </nav>
  );
}
