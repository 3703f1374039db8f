import { useQuery } from '@tanstack/react-query';
import { feedbackApi, feedbackKeys, type ReportDetail } from '../../api/feedback.js';
import { formatInstant } from '../../components/format.js';
import { ReportMap } from '../../components/map/ReportMap.js';
import { pick, useLang, useT } from '../../i18n/index.js';
import { PhotoStrip, ReportTimeline, StatusBadge } from './parts.js';

/** One report as its viewer may see it (sent with the reporter ticket, so an anonymous reporter sees their actions). */
export function useReport(ref: string | undefined) {
  const { lang } = useLang();
  return useQuery({
    queryKey: feedbackKeys.report(ref ?? ''),
    queryFn: ({ signal }) =>
      feedbackApi<ReportDetail>(`/api/feedback/reports/${encodeURIComponent(ref!)}`, { lang, signal }),
    enabled: !!ref,
  });
}

/** The latest resolution: the agency's reply, shown above the timeline. */
export function AgencyReply({ report }: { report: ReportDetail }) {
  const t = useT();
  const { lang } = useLang();
  const last = [...report.timeline].reverse().find((e) => e.action === 'resolve' || e.action === 'reject');
  if (!last) return null;
  const text =
    typeof last.details.note === 'string'
      ? last.details.note
      : typeof last.details.reason === 'string'
        ? last.details.reason
        : '';
  return (
    <section
      className={last.action === 'resolve' ? 'notice notice--success' : 'notice notice--info'}
      aria-labelledby="reply-heading"
      data-testid="agency-reply"
    >
      <p className="notice__title" id="reply-heading">
        {t('feedback.reply', { agency: last.agency ?? report.agency.name })}
      </p>
      {text && <p>{text}</p>}
      <p className="small muted">{formatInstant(last.at, lang)}</p>
      {last.photos.length > 0 && <PhotoStrip urls={last.photos} />}
    </section>
  );
}

/** The facts of a report, its photos, place and timeline: the same on the portal and in the workspace. */
export function ReportView({ report, children }: { report: ReportDetail; children?: React.ReactNode }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <>
      <div className="page__head">
        <h1 data-testid="report-title">
          {report.publicId} · {pick(report.category.name, lang)}
        </h1>
        <StatusBadge status={report.status} />
      </div>
      <p className="reportdesc" data-testid="report-description-text">
        {report.description}
      </p>
      <dl className="details" data-testid="report-facts">
        <dt>{t('feedback.status')}</dt>
        <dd data-testid="report-status">
          <StatusBadge status={report.status} />
          {report.reopenCount > 0 && (
            <span className="badge badge--muted">{t('feedback.reopened', { n: report.reopenCount })}</span>
          )}
        </dd>
        <dt>{t('feedback.agency')}</dt>
        <dd data-testid="report-agency">{report.agency.name}</dd>
        {report.unit && (
          <>
            <dt>{t('feedback.unit')}</dt>
            <dd>{report.unit.name}</dd>
          </>
        )}
        {report.address && (
          <>
            <dt>{t('feedback.address')}</dt>
            <dd>{report.address}</dd>
          </>
        )}
        <dt>{t('feedback.createdAt')}</dt>
        <dd>{formatInstant(report.createdAt, lang)}</dd>
        <dt>{t('feedback.due')}</dt>
        <dd>{formatInstant(report.dueAt, lang)}</dd>
        {report.resolvedAt && (
          <>
            <dt>{t('feedback.resolvedAt')}</dt>
            <dd>{formatInstant(report.resolvedAt, lang)}</dd>
          </>
        )}
        {report.rating != null && (
          <>
            <dt>{t('feedback.rating')}</dt>
            <dd data-testid="report-rating">{t('feedback.stars', { n: report.rating })}</dd>
          </>
        )}
        {report.mergedInto && (
          <>
            <dt>{t('feedback.detail.mergedInto')}</dt>
            <dd>{report.mergedInto}</dd>
          </>
        )}
      </dl>
      {report.photos.length > 0 && (
        <section aria-label={t('feedback.photos')}>
          <PhotoStrip urls={report.photos} />
        </section>
      )}
      <AgencyReply report={report} />
      {children}
      <div className="grid grid--two">
        <section aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">{t('feedback.timeline')}</h2>
          <ReportTimeline report={report} />
        </section>
        <section aria-labelledby="place-heading">
          <h2 id="place-heading">{t('feedback.location')}</h2>
          <ReportMap
            markers={[
              { id: report.id, lat: report.lat, lng: report.lng, status: report.status, label: report.publicId },
            ]}
            selectedId={report.id}
            focus={report}
            label={t('feedback.location')}
            height={280}
            testId="report-detail-map"
          />
        </section>
      </div>
    </>
  );
}
