import { useT } from '../i18n/index.js';
import { shownStatus, statusKey, type PeriodicReport } from './periodic.js';

/** A report's status in words, "late" beside it when it is, and a returned report's reason under it. */
export function ReportStatusCell({ report }: { report: PeriodicReport }) {
  const t = useT();
  return (
    <>
      <span className="badge badge--status" data-testid={`report-status-${report.id}`}>
        {t(statusKey(shownStatus(report)))}
      </span>
      {report.late && <span className="badge badge--late">{t('rep.periodic.late')}</span>}
      {report.status === 'returned' && report.reason && (
        <div className="muted" data-testid={`report-reason-${report.id}`}>
          {t('rep.periodic.reason', { reason: report.reason })}
        </div>
      )}
    </>
  );
}
