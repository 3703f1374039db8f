import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { procedureKeys, uploadImport, type ImportReport, type ProcedureSummary } from '../api/procedures.js';
import { useSession } from '../auth/session.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { DataList, type Column } from '../components/DataList.js';
import { SearchField } from '../components/SearchField.js';
import { useListSearch } from '../components/useListSearch.js';
import { pick, usePageTitle, useLang, useT } from '../i18n/index.js';
import { daysLabel, ProcedureBadges } from '../portal/ProcedureSearchPage.js';
import { useMayCreate } from './scope.js';

const LIMIT = 20;

export default function ProceduresPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('procedures.admin.title'));
  const { q, offset, text, setText, goTo } = useListSearch();
  // The import replaces procedures of every agency by code: the server takes it from the province's administrators only.
  const mayImport = useMayCreate('procedures.manage', true);

  const query = { q, limit: LIMIT, offset, includeInactive: true };
  const list = useQuery({
    queryKey: procedureKeys.list(query),
    queryFn: ({ signal }) => api<{ items: ProcedureSummary[]; total: number }>('/api/procedures', { query, signal }),
    placeholderData: keepPreviousData,
  });

  const columns: Column<ProcedureSummary>[] = [
    { header: t('procedures.code'), cell: (p) => <code>{p.code}</code> },
    { header: t('procedures.name'), cell: (p) => <Link to={`/admin/procedures/${p.id}`}>{p.name}</Link> },
    { header: t('procedures.field'), cell: (p) => p.fieldName },
    { header: t('procedures.processing'), cell: (p) => daysLabel(p.processingDays, t, lang) },
    { header: t('procedures.onlineLevel'), cell: (p) => <ProcedureBadges p={p} /> },
  ];

  return (
    <div className="page">
      <h1>{t('procedures.admin.title')}</h1>
      {mayImport && <ImportPanel />}
      <SearchField
        id="procedure-admin-search"
        testId="procedure-admin-search"
        label={t('procedures.admin.search')}
        value={text}
        onChange={setText}
      />
      <DataList
        label={t('procedures.admin.title')}
        columns={columns}
        query={list}
        rowKey={(p) => p.id}
        rowTestId={(p) => `procedure-row-${p.code}`}
        empty={t('portal.procedures.none')}
        paging={{ offset, limit: LIMIT, onPage: goTo }}
      />
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
          <input
            id="procedure-import-file"
            type="file"
            accept=".csv,.xlsx,.json"
            data-testid="procedure-import-file"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={atomic} onChange={(e) => setAtomic(e.target.checked)} />{' '}
          {t('procedures.import.atomic')}
        </label>
        <button type="submit" className="button button--primary" disabled={!file || run.isPending}>
          {run.isPending ? t('app.saving') : t('procedures.import.submit')}
        </button>
      </form>
      {run.isError && <ErrorNotice error={run.error} />}
      {report && (
        <div data-testid="procedure-import-report">
          <p>
            {t('procedures.import.summary', {
              created: report.created,
              updated: report.updated,
              failed: report.failed,
            })}
          </p>
          {report.failed > 0 && (
            <ul className="list">
              {report.rows
                .filter((r) => r.status === 'error')
                .map((r) => (
                  <li key={r.row} className="list__item">
                    <span className="list__title">
                      {t('procedures.import.row', { row: r.row, code: r.code ?? t('app.dash') })}
                    </span>
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
