import { Link, useParams } from 'react-router';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Loading } from '../components/States.js';
import { usePageTitle, useT } from '../i18n/index.js';
import { ReporterActions } from './reports/ReporterActions.js';
import { ReportView, useReport } from './reports/ReportView.js';

/** A report's public page: what, where, who handles it, the agency's reply and the timeline — never who reported it. */
export default function ReportDetailPage() {
  const { id } = useParams();
  const t = useT();
  const report = useReport(id);
  usePageTitle(report.data?.publicId ?? t('portal.reports.title'));
  return (
    <div className="page page--wide">
      <p className="crumbs">
        <Link to="/reports">← {t('portal.reports.title')}</Link>
      </p>
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ErrorNotice error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <ReportView report={report.data}>
          <ReporterActions report={report.data} />
        </ReportView>
      )}
    </div>
  );
}
