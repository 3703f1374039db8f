import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { Exports } from './Exports.js';

interface Late {
  id: string;
  agencyName: string | null;
  templateName: string;
  periodKey: string;
  dueAt: string;
  status: string;
  submittedAt: string | null;
}

/** Periodic reports not sent by their due date, or sent after it. */
export default function LateReportsPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('rep.lateReports'));
  const late = useQuery({
    queryKey: ['reporting', 'late'],
    queryFn: ({ signal }) => api<Late[]>('/api/reporting/reports/late', { signal }),
  });
  const d = (s: string | null) =>
    s ? new Date(s).toLocaleDateString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }) : '—';
  return (
    <div className="page page--wide" data-testid="late-reports">
      <h1>{t('rep.lateReports')}</h1>
      <Exports href="/api/reporting/reports/late" />
      {late.data?.length === 0 ? (
        <p className="muted">{t('rep.list.empty')}</p>
      ) : (
        <div className="tablewrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('rep.agency')}</th>
                <th scope="col">{t('rep.indicator')}</th>
                <th scope="col">{t('rep.kpi.month')}</th>
                <th scope="col">{t('rep.target.goal')}</th>
                <th scope="col">{t('rep.source')}</th>
              </tr>
            </thead>
            <tbody>
              {(late.data ?? []).map((r) => (
                <tr key={r.id}>
                  <td>{r.agencyName}</td>
                  <td>{r.templateName}</td>
                  <td>{r.periodKey}</td>
                  <td>{d(r.dueAt)}</td>
                  <td>
                    {r.status}
                    {r.submittedAt ? ` (${d(r.submittedAt)})` : ''}
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
