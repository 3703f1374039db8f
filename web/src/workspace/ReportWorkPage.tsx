import { Link, useParams } from 'react-router';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Loading } from '../components/States.js';
import { usePageTitle, useT } from '../i18n/index.js';
import { ReportView, useReport } from '../portal/reports/ReportView.js';
import { StaffActions } from './reports/StaffActions.js';

/** A report as its handling agency sees it: the reporter's contact (staff only) and the actions allowed now. */
export default function ReportWorkPage() {
  const { id } = useParams();
  const t = useT();
  const report = useReport(id);
  usePageTitle(report.data?.publicId ?? t('ws.nav.feedback'));
  return (
    <div className="page page--wide">
      <p className="crumbs">
        <Link to="/workspace/feedback">← {t('ws.nav.feedback')}</Link>
      </p>
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ErrorNotice error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <ReportView report={report.data}>
          {report.data.reporter && (
            <section className="card" aria-labelledby="reporter-heading" data-testid="report-reporter">
              <h2 id="reporter-heading">{t('feedback.ws.reporter')}</h2>
              <dl className="details">
                <dt>{t('feedback.ws.reporterKind')}</dt>
                <dd>
                  {report.data.reporter.accountId
                    ? t('feedback.ws.reporterAccount')
                    : t('feedback.ws.reporterPhoneOnly')}
                </dd>
                <dt>{t('feedback.ws.reporterName')}</dt>
                <dd>{report.data.reporter.name ?? t('app.dash')}</dd>
                <dt>{t('feedback.phone')}</dt>
                <dd>{report.data.reporter.phone ?? t('app.dash')}</dd>
                <dt>{t('feedback.ws.email')}</dt>
                <dd>{report.data.reporter.email ?? t('app.dash')}</dd>
              </dl>
              <p className="small muted">{t('feedback.ws.reporterPrivate')}</p>
            </section>
          )}
          <StaffActions report={report.data} />
        </ReportView>
      )}
    </div>
  );
}
