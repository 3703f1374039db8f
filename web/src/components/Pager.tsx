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
  more = false,
  onPage,
}: {
  /** The list's name, naming the navigation landmark ("Phân trang: Cơ quan"). */
  label: string;
  offset: number;
  limit: number;
  /** Rows on this page. */
  shown: number;
  total: number;
  /** `total` is a lower bound: a search counts its matches only up to a cap. */
  more?: boolean;
  onPage: (offset: number) => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const current = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit), more ? current : 0);
  const page = Math.min(pages, current);
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
        {t('list.page', { page: formatNumber(page, lang), pages: `${formatNumber(pages, lang)}${more ? '+' : ''}` })}
        {shown > 0 && (
          <>
            {' · '}
            {t(more ? 'list.rangeMore' : 'list.range', {
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
        disabled={offset + limit >= total && !(more && shown === limit)}
        onClick={() => onPage(offset + limit)}
      >
        {t('list.next')}
        <span aria-hidden="true"> ›</span>
      </button>
    </nav>
  );
}
