/** A dossier as the staff handling it see it: the applicant, the form, the papers, the timeline, and the actions allowed to the caller. */
import { formatDate, isDateValue } from '../components/format.js';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../api/client.js';
import { dossierKeys, fetchDossier } from '../api/dossiers.js';
import { procedureKeys, type ProcedureDetail } from '../api/procedures.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Loading } from '../components/States.js';
import { pick, usePageTitle, useLang, useT } from '../i18n/index.js';
import { DossierFacts, DossierPapers } from '../portal/DossierDetailPage.js';
import { PaymentPanel } from '../portal/dossiers/PaymentPanel.js';
import { DossierTimeline } from '../portal/dossiers/parts.js';
import { StaffActions } from './dossiers/ActionForms.js';
import { PaperSources } from './papers/PaperSources.js';
import { PostalDesk } from './papers/PostalDesk.js';

export default function DossierPage() {
  const { id = '' } = useParams();
  const t = useT();
  const { lang } = useLang();
  const q = useQuery({
    queryKey: dossierKeys.one(id),
    queryFn: ({ signal }) => fetchDossier(id, signal),
    retry: false,
  });
  const procedureId = q.data?.procedure.id ?? '';
  // The procedure's form gives the labels of the form's keys, in its own order.
  const proc = useQuery({
    queryKey: procedureKeys.one(procedureId),
    queryFn: ({ signal }) => api<ProcedureDetail>(`/api/procedures/${procedureId}`, { signal }),
    enabled: !!procedureId,
  });
  usePageTitle(q.data?.code);
  if (q.isPending) return <Loading />;
  if (q.isError)
    return (
      <div className="page">
        <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />
      </div>
    );
  const d = q.data;
  const a = d.applicant;
  const fields = proc.data?.formFields ?? [];
  const formEntries = Object.entries(d.formData).sort(([a], [b]) => {
    const i = fields.findIndex((f) => f.key === a);
    const j = fields.findIndex((f) => f.key === b);
    return (i < 0 ? 999 : i) - (j < 0 ? 999 : j);
  });
  const labelOf = (k: string) => {
    const f = fields.find((x) => x.key === k);
    return f ? pick(f.label, lang) : k;
  };
  const valueOf = (k: string, v: unknown) => {
    const opt = fields.find((x) => x.key === k)?.options?.find((o) => o.value === v);
    return opt
      ? pick(opt.label, lang)
      : typeof v === 'boolean'
        ? t(v ? 'app.yes' : 'app.no')
        : isDateValue(v)
          ? formatDate(v)
          : String(v ?? '');
  };
  return (
    <div className="page page--wide" data-testid="ws-dossier">
      <p className="crumbs">
        <Link to="/workspace">← {t('ws.nav.home')}</Link>
      </p>
      <h1>
        {t('os.dossier')} <code>{d.code}</code>
      </h1>
      <div className="grid grid--two os-split">
        <div>
          <DossierFacts d={d} />
          <StaffActions d={d} />
          <section className="card" aria-labelledby="applicant-heading" data-testid="dossier-applicant">
            <h2 id="applicant-heading">{t('dossier.applicant')}</h2>
            <dl className="details">
              <dt>{t('os.applicant.name')}</dt>
              <dd>{a.name}</dd>
              <dt>{t('os.applicant.idNumber')}</dt>
              <dd>{a.idNumber ?? t('app.dash')}</dd>
              <dt>{t('os.applicant.phone')}</dt>
              <dd>{a.phone ? <a href={`tel:${a.phone}`}>{a.phone}</a> : t('app.dash')}</dd>
              <dt>{t('os.applicant.email')}</dt>
              <dd>{a.email ? <a href={`mailto:${a.email}`}>{a.email}</a> : t('app.dash')}</dd>
              <dt>{t('os.applicant.address')}</dt>
              <dd>{a.address ?? t('app.dash')}</dd>
            </dl>
            {formEntries.length > 0 && (
              <>
                <h3>{t('os.formData')}</h3>
                <dl className="details" data-testid="dossier-form">
                  {formEntries.map(([k, v]) => (
                    <div key={k} className="details__pair">
                      <dt>{labelOf(k)}</dt>
                      <dd>{valueOf(k, v)}</dd>
                    </div>
                  ))}
                </dl>
              </>
            )}
          </section>
        </div>
        <div>
          <DossierPapers d={d} />
          <PaperSources d={d} />
          <PostalDesk d={d} />
          <section className="card" aria-labelledby="pay-heading">
            <h2 id="pay-heading">{t('procedures.fees')}</h2>
            <PaymentPanel dossier={d} staff />
          </section>
          <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{t('portal.lookup.timeline')}</h2>
            <DossierTimeline entries={d.timeline} testId="dossier-timeline" />
          </section>
        </div>
      </div>
    </div>
  );
}
