import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, isApiError, type ApiError } from '../api/client.js';
import { reaches, useCoverage } from '../auth/coverage.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Loading } from '../components/States.js';
import { useToast } from '../components/Toast.js';
import { pick, usePageTitle, useLang, useT, type MessageKey } from '../i18n/index.js';
import { Exports } from './Exports.js';
import { dateOf, editable, type PeriodicReport, type ReportDetail } from './periodic.js';
import { inputId, ReportFieldInput } from './ReportFieldInput.js';
import { ReportStatusCell } from './ReportStatusCell.js';
import { ReportTableInput, type Row } from './ReportTableInput.js';
import { draftOf, valuesOf, type Draft } from './reportValues.js';
import { ReviewActions } from './ReviewActions.js';

/**
 * One periodic report: the agency fills it in (computed fields read only), saves a draft and sends it; the server's
 * formula and check errors are shown beside the field they name. A returned report shows why and is sent again. The
 * receiving agency reads it here too, and accepts or returns it.
 */
export default function ReportFillPage() {
  const { id = '' } = useParams();
  const t = useT();
  const { lang } = useLang();
  const toast = useToast();
  const qc = useQueryClient();
  const reporter = useCoverage('reporting.report');
  const reviewer = useCoverage('reporting.review');
  const report = useQuery({
    queryKey: ['reporting', 'periodic', 'report', id],
    queryFn: ({ signal }) => api<ReportDetail>(`/api/reporting/reports/${id}`, { signal }),
  });
  const r = report.data;
  const fields = r?.template.fields ?? [];
  const [draft, setDraft] = useState<Draft>({});
  // The form starts from the stored values, and again after every answer of the server.
  useEffect(() => {
    if (r) setDraft(draftOf(r.template.fields, r.values));
  }, [r]);
  const title = r ? pick({ vi: r.template.nameVi, en: r.template.nameEn }, lang) : t('rep.periodic.title');
  usePageTitle(title);

  const send = useMutation({
    mutationFn: (kind: 'save' | 'submit') => {
      const body = { values: valuesOf(fields, draft, r!.computedFields) };
      return kind === 'save'
        ? api<PeriodicReport>(`/api/reporting/reports/${id}`, { method: 'PUT', body })
        : api<PeriodicReport>(`/api/reporting/reports/${id}/submit`, { method: 'POST', body });
    },
    onSuccess: (_, kind) => {
      toast.success(t(kind === 'save' ? 'rep.periodic.saved' : 'rep.periodic.sent'));
      void qc.invalidateQueries({ queryKey: ['reporting', 'periodic'] });
    },
  });
  const err = send.error;
  const errorAt = (path: string, exact = false) => {
    if (!isApiError(err)) return undefined;
    const full = `/body/values/${path}`;
    const hit = err.errors.find((e) => e.field === full || (!exact && e.field.startsWith(`${full}/`)));
    return hit ? pick(hit.message, lang) : undefined;
  };

  if (report.isPending) return <Loading />;
  if (report.isError) return <ErrorNotice error={report.error} onRetry={() => void report.refetch()} />;
  const data = report.data;
  // The reporting agency's own staff, as opposed to the receiving agency's reviewers.
  const ours = reaches(reporter.data, { agencyId: data.agencyId });
  const mayEdit = editable(data) && ours;
  const receiver = data.template.receiverAgencyId;
  const mayReview =
    data.status === 'submitted' &&
    (receiver ? reaches(reviewer.data, { agencyId: receiver }) : Boolean(reviewer.data?.province));
  const heading = t('rep.periodic.heading', { template: title, period: data.periodKey });

  return (
    <div className="page page--wide" data-testid="report-page">
      <p className="noprint">
        <Link to={ours ? '/workspace/reports' : '/workspace/reports/received'}>
          ← {t(ours ? 'rep.periodic.title' : 'rep.periodic.received')}
        </Link>
      </p>
      <h1>{heading}</h1>
      <p data-testid="report-agency">
        {t('rep.periodic.agency', { agency: data.agencyName ?? '' })} ·{' '}
        {t('rep.periodic.dueLine', { due: dateOf(data.dueAt, lang) })} · <ReportStatusCell report={data} />
      </p>
      {data.status === 'returned' && data.reason && (
        <div className="notice notice--warning" role="status" data-testid="report-returned">
          <p>{t('rep.periodic.returnedNotice', { reason: data.reason })}</p>
        </div>
      )}
      <Exports href={`/api/reporting/reports/${data.id}/export`} formats={['xlsx', 'pdf']} />
      {mayReview && <ReviewActions report={data} label={heading} />}
      {err && (
        <ErrorSummary
          error={err}
          fields={fields.map((f) => ({ key: f.key, label: pick({ vi: f.labelVi, en: f.labelEn }, lang) }))}
        />
      )}
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          send.mutate('submit');
        }}
        data-testid="report-form"
      >
        {!mayEdit && <p className="muted">{t('rep.periodic.readOnly')}</p>}
        {fields.map((f) =>
          f.type === 'table' ? (
            <ReportTableInput
              key={f.key}
              field={f}
              rows={(draft[f.key] as Row[] | undefined) ?? []}
              readOnly={!mayEdit}
              error={errorAt(f.key, true)}
              cellError={(i, c) => errorAt(`${f.key}/${i}/${c}`, true) ?? errorAt(`${f.key}/${i}`, true)}
              onChange={(rows) => setDraft((d) => ({ ...d, [f.key]: rows }))}
            />
          ) : (
            <ReportFieldInput
              key={f.key}
              field={f}
              value={(draft[f.key] as string | undefined) ?? ''}
              computed={data.computedFields.includes(f.key)}
              readOnly={!mayEdit}
              error={errorAt(f.key)}
              onChange={(v) => setDraft((d) => ({ ...d, [f.key]: v }))}
            />
          ),
        )}
        {mayEdit && (
          <p className="buttons">
            <button
              type="button"
              className="button button--secondary"
              disabled={send.isPending}
              onClick={() => send.mutate('save')}
              data-testid="report-save"
            >
              {t('rep.periodic.save')}
            </button>
            <button
              type="submit"
              className="button button--primary"
              disabled={send.isPending}
              data-testid="report-submit"
            >
              {t(data.status === 'returned' ? 'rep.periodic.resubmit' : 'rep.periodic.submit')}
            </button>
          </p>
        )}
      </form>
      <h2>{t('rep.periodic.history')}</h2>
      <ol data-testid="report-history">
        {data.actions.map((a, i) => (
          <li key={i}>
            {dateOf(a.at, lang)} — {t(`rep.periodic.action.${a.action}` as MessageKey)}
            {a.action === 'return' && a.reason ? `: ${a.reason}` : ''}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The server's refusal at the top of the form, each field's message linked to its input (announced at once). */
function ErrorSummary({ error, fields }: { error: Error; fields: { key: string; label: string }[] }) {
  const { lang } = useLang();
  const t = useT();
  if (!isApiError(error) || !error.errors.length) return <ErrorNotice error={error} />;
  const e = error as ApiError;
  return (
    <div className="notice notice--error" role="alert" data-testid="report-errors">
      <p className="notice__title">{e.text(lang).title}</p>
      <p>{t('error.fields')}</p>
      <ul>
        {e.errors.map((x, i) => {
          const [, key, row, col] =
            x.field.replace(/^\/body\/values\//, '').match(/^([^/]+)(?:\/(\d+)(?:\/(.+))?)?$/) ?? [];
          const f = fields.find((y) => y.key === key);
          const target = f ? (row !== undefined && col ? inputId(f.key, Number(row), col) : inputId(f.key)) : null;
          return (
            <li key={i}>
              {target ? <a href={`#${target}`}>{f!.label}</a> : <code>{x.field}</code>}: {pick(x.message, lang)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
