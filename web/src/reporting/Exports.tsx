import { useT } from '../i18n/index.js';

/** Download links for a table: the API answers the same rows as CSV, XLSX or PDF. */
export function Exports({
  href,
  formats = ['csv', 'xlsx', 'pdf'],
}: {
  href: string;
  formats?: ('csv' | 'xlsx' | 'pdf')[];
}) {
  const t = useT();
  const sep = href.includes('?') ? '&' : '?';
  return (
    <p className="buttons noprint">
      {t('rep.export')}:{' '}
      {formats.map((f) => (
        <a
          key={f}
          className="button button--ghost button--small"
          href={`${href}${sep}format=${f}`}
          download
          data-testid={`export-${f}`}
        >
          {f.toUpperCase()}
        </a>
      ))}
      <button type="button" className="button button--ghost button--small" onClick={() => window.print()}>
        {t('rep.print')}
      </button>
    </p>
  );
}
