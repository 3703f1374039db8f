import type { ReactNode } from 'react';
import { useT } from '../i18n/index.js';
import { ErrorNotice } from './ErrorNotice.js';
import { Pager } from './Pager.js';
import { Empty } from './States.js';
import { TableWrap } from './TableWrap.js';

/** One column of a list: its header (also the cell's label when the table stacks on a narrow screen) and its cell. */
export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** For a header that repeats or is empty; the header otherwise. */
  key?: string;
  className?: string;
}

/** What a list needs of its query (TanStack Query's result has all of it). */
export interface ListQuery<T> {
  data: { items: T[]; total?: number } | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}

export interface Paging {
  offset: number;
  limit: number;
  onPage: (offset: number) => void;
  /** The server sent the whole list (it has no paging): pages are cut here. */
  client?: boolean;
}

/**
 * A table of records with its states: drawn at its final size while loading (the headers and a page of blank rows,
 * so nothing below it moves when the rows arrive), an error with a retry, a message when there is nothing, and a
 * pager. The previous page stays in place, dimmed, while the next one loads.
 */
export function DataList<T>({
  label,
  columns,
  query,
  rowKey,
  rowTestId,
  empty,
  paging,
  summary,
  tableClassName,
  testId,
  skeletonRows,
  footer,
}: {
  /** The list's name: the table's caption for screen readers and the pager's. */
  label: string;
  columns: Column<T>[];
  query: ListQuery<T>;
  rowKey: (row: T) => string;
  rowTestId?: (row: T) => string;
  empty: ReactNode;
  paging?: Paging;
  /** A line above the table saying how many there are. */
  summary?: (total: number) => ReactNode;
  tableClassName?: string;
  testId?: string;
  skeletonRows?: number;
  /** Below the table once loaded (a "load more" button). */
  footer?: ReactNode;
}) {
  const t = useT();
  const className = ['table', 'table--stack', tableClassName].filter(Boolean).join(' ');
  const head = (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c.key ?? c.header} scope="col">
            {c.header}
          </th>
        ))}
      </tr>
    </thead>
  );

  if (query.isPending) {
    const rows = skeletonRows ?? paging?.limit ?? 10;
    return (
      <div className="skeleton" aria-busy="true" data-testid="list-skeleton">
        <p className="visually-hidden" role="status">
          {t('list.loading', { label })}
        </p>
        {summary && (
          <p className="muted small" aria-hidden="true">
            {'\u00a0'}
          </p>
        )}
        <TableWrap label={label}>
          <table className={className} aria-hidden="true">
            {head}
            <tbody>
              {Array.from({ length: rows }, (_, i) => (
                <tr key={i}>
                  {columns.map((c) => (
                    <td key={c.key ?? c.header} data-label={c.header}>
                      <span className="skeleton__line" />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        {paging && (
          // The pager's place, the same buttons disabled: its height is the loaded pager's.
          <div className="pager" aria-hidden="true">
            <button type="button" className="button button--small button--ghost" disabled>
              ‹ {t('list.previous')}
            </button>
            <span className="muted small">{'\u00a0'}</span>
            <button type="button" className="button button--small button--ghost" disabled>
              {t('list.next')} ›
            </button>
          </div>
        )}
      </div>
    );
  }
  if (query.isError) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;

  const all = query.data?.items ?? [];
  if (all.length === 0) return <Empty>{empty}</Empty>;
  const total = paging?.client ? all.length : (query.data?.total ?? all.length);
  // A page beyond the end (a shorter list after an edit, an old link) shows the last page.
  const offset = paging?.client
    ? Math.min(paging.offset, Math.max(0, Math.floor((total - 1) / paging.limit) * paging.limit))
    : (paging?.offset ?? 0);
  const items = paging?.client ? all.slice(offset, offset + paging.limit) : all;

  return (
    <div>
      {summary && (
        <p className="muted small" role="status">
          {summary(total)}
        </p>
      )}
      <TableWrap label={label}>
        <table className={className} aria-busy={query.isFetching} data-testid={testId}>
          <caption className="visually-hidden">{label}</caption>
          {head}
          <tbody>
            {items.map((row) => (
              <tr key={rowKey(row)} data-testid={rowTestId?.(row)}>
                {columns.map((c) => (
                  <td key={c.key ?? c.header} data-label={c.header} className={c.className}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {paging && (
        <Pager
          label={label}
          offset={offset}
          limit={paging.limit}
          shown={items.length}
          total={total}
          onPage={paging.onPage}
        />
      )}
      {footer}
    </div>
  );
}
