import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { procedureKeys, uploadImport, type ImportReport, type ProcedureSummary } from '../api/procedures.js';
import { useSession } from '../auth/session.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatNumber } from '../components/format.js';
import { Empty, Loading } from '../components/States.js';
import { pick, usePageTitle, useLang, useT } from '../i18n/index.js';
import { daysLabel, ProcedureBadges } from '../portal/ProcedureSearchPage.js';
import { TableWrap } from '../components/TableWrap.js';

const LIMIT = 20;

export default function ProceduresPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('procedures.admin.title'));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const offset = Math.max(0, Number(params.get('offset') ?? 0) || 0);
  const [text, setText] = useState(q);
  useEffect(() => {
    const h = setTimeout(() => {
      if (text.trim() !== q) setParams(text.trim() ? { q: text.trim() } : {}, { replace: true });
    }, 300);
    return () => clearTimeout(h);
  }, [text, q, setParams]);

  const query = { q, limit: LIMIT, offset, includeInactive: true };
  const list = useQuery({
    queryKey: procedureKeys.list(query),
    queryFn: ({ signal }) => api<{ items: ProcedureSummary[]; total: number }>('/api/procedures', { query, signal }),
    placeholderData: keepPreviousData,
  });
  const total = list.data?.total ?? 0;
  const go = (next: number) => setParams({ ...(q ? { q } : {}), ...(next ? { offset: String(next) } : {}) });

  return (
    <div className="page">
      <h1>{t('procedures.admin.title')}</h1>
      <ImportPanel />
      <div className="field">
        <label htmlFor="procedure-admin-search">{t('procedures.admin.search')}</label>
        <input id="procedure-admin-search" type="search" data-testid="procedure-admin-search" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty>{t('portal.procedures.none')}</Empty>
      ) : (
        <>
          <TableWrap label={t('procedures.admin.title')}>
            <table className="table table--stack" aria-busy={list.isFetching}>
              <thead>
                <tr>
                  <th scope="col">{t('procedures.code')}</th>
                  <th scope="col">{t('procedures.name')}</th>
                  <th scope="col">{t('procedures.field')}</th>
                  <th scope="col">{t('procedures.processing')}</th>
                  <th scope="col">{t('procedures.onlineLevel')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((p) => (
                  <tr key={p.id} data-testid={`procedure-row-${p.code}`}>
                    <td data-label={t('procedures.code')}>
                      <code>{p.code}</code>
                    </td>
                    <td data-label={t('procedures.name')}>
                      <Link to={`/admin/procedures/${p.id}`}>{p.name}</Link>
                    </td>
                    <td data-label={t('procedures.field')}>{p.fieldName}</td>
                    <td data-label={t('procedures.processing')}>{daysLabel(p.processingDays, t, lang)}</td>
                    <td data-label={t('procedures.onlineLevel')}>
                      <ProcedureBadges p={p} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <div className="pager">
            <button type="button" className="button button--small button--ghost" disabled={offset === 0} onClick={() => go(Math.max(0, offset - LIMIT))}>
              ‹ {t('app.previous')}
            </button>
            <span className="muted small">
              {t('app.pageOf', { from: formatNumber(offset + 1, lang), to: formatNumber(offset + list.data.items.length, lang), total: formatNumber(total, lang) })}
            </span>
            <button type="button" className="button button--small button--ghost" disabled={offset + LIMIT >= total} onClick={() => go(offset + LIMIT)}>
              {t('app.next')} ›
            </button>
          </div>
        </>
      )}
    </div>
  );
}

/** Import from the national database's export (CSV, XLSX) or JSON; shows the report row by row. */
function ImportPanel() {
  const t = useT();
  const { lang } = useLang();
  const session = useSession();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [atomic, setAtomic] = useState(false);
  const run = useMutation({
    mutationFn: (f: File) => uploadImport(f, { csrfToken: session.data?.csrfToken ?? null, lang, atomic }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: procedureKeys.all }),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (file) run.mutate(file);
  };
  const report: ImportReport | undefined = run.data;
  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading">{t('procedures.import.title')}</h2>
      <p className="muted small">{t('procedures.import.hint')}</p>
      <form onSubmit={onSubmit} className="filters">
        <div className="field">
          <label htmlFor="procedure-import-file">{t('procedures.import.file')}</label>
          <input id="procedure-import-file" type="file" accept=".csv,.xlsx,.json" data-testid="procedure-import-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={atomic} onChange={(e) => setAtomic(e.target.checked)} /> {t('procedures.import.atomic')}
        </label>
        <button type="submit" className="button button--primary" disabled={!file || run.isPending}>
          {run.isPending ? t('app.saving') : t('procedures.import.submit')}
        </button>
      </form>
      {run.isError && <ErrorNotice error={run.error} />}
      {report && (
        <div data-testid="procedure-import-report">
          <p>{t('procedures.import.summary', { created: report.created, updated: report.updated, failed: report.failed })}</p>
          {report.failed > 0 && (
            <ul className="list">
              {report.rows
                .filter((r) => r.status === 'error')
                .map((r) => (
                  <li key={r.row} className="list__item">
                    <span className="list__title">{t('procedures.import.row', { row: r.row, code: r.code ?? t('app.dash') })}</span>
                    <span className="muted small">{(r.errors ?? []).map((e) => pick(e.message, lang)).join(' ')}</span>
                  </li>
                ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
