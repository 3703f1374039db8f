import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { reachesAny, useCoverage } from '../auth/coverage.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Loading } from '../components/States.js';
import { pick, usePageTitle, useLang, useT } from '../i18n/index.js';
import { dateOf, editable, type PeriodicReport } from './periodic.js';
import { ReportStatusCell } from './ReportStatusCell.js';

/** The periodic reports an agency's officer must send: period, template, deadline, status; each opens its form. */
export default function PeriodicReportsPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('rep.periodic.title'));
  const reviews = useCoverage('reporting.review');
  const reports = useQuery({
    queryKey: ['reporting', 'periodic', 'own'],
    queryFn: ({ signal }) => api<PeriodicReport[]>('/api/reporting/reports', { query: { box: 'own' }, signal }),
  });
  return (
    <div className="page page--wide">
      <h1>{t('rep.periodic.title')}</h1>
      <p className="muted">{t('rep.periodic.intro')}</p>
      {reachesAny(reviews.data) && (
        <p>
          <Link to="/workspace/reports/received" data-testid="to-received-reports">
            {t('rep.periodic.toReceived')}
          </Link>
        </p>
      )}
      {reports.isPending ? (
        <Loading />
      ) : reports.isError ? (
        <ErrorNotice error={reports.error} onRetry={() => void reports.refetch()} />
      ) : reports.data.length === 0 ? (
        <p className="muted" data-testid="periodic-reports">
          {t('rep.periodic.empty')}
        </p>
      ) : (
        <div className="tablewrap">
          <table className="table" data-testid="periodic-reports">
            <caption className="visually-hidden">{t('rep.periodic.toMine')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rep.periodic.period')}</th>
                <th scope="col">{t('rep.periodic.template')}</th>
                <th scope="col">{t('rep.agency')}</th>
                <th scope="col">{t('rep.periodic.due')}</th>
                <th scope="col">{t('rep.periodic.status')}</th>
                <th scope="col">{t('rep.periodic.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {reports.data.map((r) => (
                <tr key={r.id}>
                  <td>{r.periodKey}</td>
                  <td>{pick({ vi: r.templateNameVi ?? '', en: r.templateNameEn ?? '' }, lang)}</td>
                  <td>{r.agencyName}</td>
                  <td>{dateOf(r.dueAt, lang)}</td>
                  <td>
                    <ReportStatusCell report={r} />
                  </td>
                  <td>
                    <Link
                      className="button button--small"
                      to={`/workspace/reports/${r.id}`}
                      data-testid="open-report"
                      data-report-id={r.id}
                    >
                      {t(editable(r) ? 'rep.periodic.open' : 'rep.periodic.view')}
                      <span className="visually-hidden">
                        {' '}
                        {r.periodKey} {r.agencyName}
                      </span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
