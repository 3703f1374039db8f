import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Pager } from '../components/Pager.js';
import { Empty, ListSkeleton } from '../components/States.js';
import { TableWrap } from '../components/TableWrap.js';
import { useLang, usePageTitle, useT, type MessageKey } from '../i18n/index.js';
import type { DocSummary, DocType } from './api.js';
import { fmtDate, statusKey } from './labels.js';

/** Documents per page: a register holds thousands; the server counts a search's matches up to 1,000. */
const PAGE = 50;

const QUEUES = [
  '',
  'mine',
  'to-assign',
  'due-soon',
  'overdue',
  'to-review',
  'to-approve',
  'to-number',
  'to-sign',
  'to-issue',
  'to-send',
] as const;

/** Search and the work queues: incoming and outgoing documents of the caller's agencies. */
export default function DocumentsPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('doc.title'));
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const query = Object.fromEntries(params.entries());
  const types = useQuery({
    queryKey: ['documents', 'types'],
    queryFn: ({ signal }) => api<DocType[]>('/api/documents/types', { signal }),
  });
  const list = useQuery({
    queryKey: ['documents', 'list', query],
    queryFn: ({ signal }) =>
      api<{ items: DocSummary[]; total: number; totalCapped: boolean }>('/api/documents', {
        query: { ...query, limit: String(PAGE) },
        signal,
      }),
  });
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    // Another search or filter starts again at its first page.
    if (k !== 'offset') next.delete('offset');
    setParams(next);
  };
  return (
    <div className="page" data-testid="documents-page">
      <h1>{t('doc.title')}</h1>
      <p className="actions-row">
        <Link className="button" to="/workspace/documents/incoming/new" data-testid="doc-new-incoming">
          {t('doc.incoming.new')}
        </Link>{' '}
        <Link className="button" to="/workspace/documents/drafts/new" data-testid="doc-new-draft">
          {t('doc.draft.new')}
        </Link>{' '}
        <Link to="/workspace/documents/registers">{t('doc.registers.title')}</Link>{' '}
        <Link to="/workspace/documents/exchange" data-testid="doc-exchange-link">
          {t('doc.exchange.title')}
        </Link>
      </p>
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set('q', q.trim());
        }}
      >
        <label>
          {t('doc.search.q')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} data-testid="doc-search-q" />
        </label>
        <label>
          {t('doc.search.queue')}
          <select
            value={params.get('queue') ?? ''}
            onChange={(e) => set('queue', e.target.value)}
            data-testid="doc-queue"
          >
            {QUEUES.map((x) => (
              <option key={x} value={x}>
                {t(`doc.queue.${x || 'all'}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('doc.search.direction')}
          <select value={params.get('direction') ?? ''} onChange={(e) => set('direction', e.target.value)}>
            <option value="">{t('doc.all')}</option>
            <option value="incoming">{t('doc.incoming')}</option>
            <option value="outgoing">{t('doc.outgoing')}</option>
          </select>
        </label>
        <label>
          {t('doc.search.type')}
          <select value={params.get('typeCode') ?? ''} onChange={(e) => set('typeCode', e.target.value)}>
            <option value="">{t('doc.all')}</option>
            {types.data?.map((ty) => (
              <option key={ty.code} value={ty.code}>
                {lang === 'vi' ? ty.name : ty.nameEn}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('doc.search.from')}
          <input type="date" value={params.get('from') ?? ''} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label>
          {t('doc.search.to')}
          <input type="date" value={params.get('to') ?? ''} onChange={(e) => set('to', e.target.value)} />
        </label>
        <button type="submit">{t('doc.search.go')}</button>
      </form>
      {list.isPending ? (
        <ListSkeleton rows={6} />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data.items.length ? (
        <Empty>{t('doc.none')}</Empty>
      ) : (
        <TableWrap label={t('doc.title')}>
          <table className="table" data-testid="doc-results">
            <thead>
              <tr>
                <th scope="col">{t('doc.col.number')}</th>
                <th scope="col">{t('doc.col.summary')}</th>
                <th scope="col">{t('doc.col.from')}</th>
                <th scope="col">{t('doc.col.status')}</th>
                <th scope="col">{t('doc.col.due')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((d) => (
                <tr key={d.id}>
                  <td>{d.numberSymbol ?? '—'}</td>
                  <td>
                    <Link to={`/workspace/documents/${d.id}`}>{d.summary}</Link>
                    <div className="muted">
                      {d.typeName}
                      {d.textState === 'scanned' ? ` · ${t('doc.scanned')}` : ''}
                    </div>
                  </td>
                  <td>{d.direction === 'incoming' ? (d.senderName ?? '—') : d.agencyName}</td>
                  <td>{t(statusKey(d.status))}</td>
                  <td className={d.late ? 'late' : undefined}>
                    {d.late ? `${t('doc.late')} · ` : ''}
                    {d.dueAt ? fmtDate(d.dueAt, lang) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {list.data && (list.data.total > PAGE || offset > 0) && (
        <Pager
          label={t('doc.title')}
          offset={offset}
          limit={PAGE}
          shown={list.data.items.length}
          total={list.data.total}
          more={list.data.totalCapped}
          onPage={(o) => set('offset', o ? String(o) : '')}
        />
      )}
    </div>
  );
}
