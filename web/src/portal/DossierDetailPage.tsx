/** The applicant's own dossier (hồ sơ của tôi): where it stands, payment, supplements when asked, rating after return. */
import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from '../api/client.js';
import { procedureKeys, type ProcedureDetail } from '../api/procedures.js';
import { Link, useParams, useSearchParams } from 'react-router';
import { dossierKeys, fetchDossier, CLOSED_STATUSES, type DossierDetail, type DossierFile } from '../api/dossiers.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatBytes, formatInstant } from '../components/format.js';
import { Loading } from '../components/States.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { RatingForm, SupplementForm, WithdrawForm } from './dossiers/CitizenActions.js';
import { PaymentPanel } from './dossiers/PaymentPanel.js';
import { DossierStatusBadge, DossierTimeline } from './dossiers/parts.js';
import { PostalReturn } from './papers/PostalReturn.js';

export function DossierFacts({ d }: { d: DossierDetail }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <dl className="details" data-testid="dossier-facts">
      <dt>{t('portal.lookup.code')}</dt>
      <dd>
        <code data-testid="dossier-code">{d.code}</code>
      </dd>
      <dt>{t('portal.lookup.status')}</dt>
      <dd data-testid="dossier-status" data-status={d.status}>
        <DossierStatusBadge status={d.status} late={d.late} paused={d.paused} />
      </dd>
      <dt>{t('portal.lookup.procedure')}</dt>
      <dd>
        {d.procedure.code} — {d.procedure.name}
      </dd>
      <dt>{t('portal.lookup.agency')}</dt>
      <dd>{d.agency.name}</dd>
      {d.receivingAgency.id !== d.agency.id && (
        <>
          <dt>{t('os.receivingAgency')}</dt>
          <dd>{d.receivingAgency.name}</dd>
        </>
      )}
      {d.currentAgency.id !== d.agency.id && (
        <>
          <dt>{t('os.currentAgency')}</dt>
          <dd>{d.currentAgency.name}</dd>
        </>
      )}
      <dt>{t('os.channel')}</dt>
      <dd>{t(d.channel === 'online' ? 'os.channel.online' : 'os.channel.counter')}</dd>
      <dt>{t('os.submittedAt')}</dt>
      <dd>{formatInstant(d.submittedAt, lang)}</dd>
      <dt>{t('portal.lookup.received')}</dt>
      <dd>{d.receivedAt ? formatInstant(d.receivedAt, lang) : t('os.notYet')}</dd>
      <dt>{t('portal.lookup.due')}</dt>
      <dd data-testid="dossier-due">{d.dueAt ? formatInstant(d.dueAt, lang) : t('os.dueAfterReceipt')}</dd>
      {d.newDueAt && (
        <>
          <dt>{t('portal.lookup.newDue')}</dt>
          <dd>{formatInstant(d.newDueAt, lang)}</dd>
        </>
      )}
      {d.completedAt && (
        <>
          <dt>{t('os.completedAt')}</dt>
          <dd>{formatInstant(d.completedAt, lang)}</dd>
        </>
      )}
    </dl>
  );
}

/** Links to the papers, the result and the printable forms. */
export function DossierPapers({ d }: { d: DossierDetail }) {
  const t = useT();
  const { lang } = useLang();
  const apologized = d.timeline.some((e) => e.action === 'apologize');
  // Papers sent without a name are named by the procedure.
  const proc = useQuery({
    queryKey: procedureKeys.one(d.procedure.id),
    queryFn: ({ signal }) => api<ProcedureDetail>(`/api/procedures/${d.procedure.id}`, { signal }),
  });
  const nameOf = (a: DossierDetail['attachments'][number]) =>
    a.name ?? proc.data?.papers.find((p) => p.id === a.paperId)?.name ?? t('os.submit.otherPapers');
  // Each file by the name it was uploaded under and its size; asked again when the dossier names other files
  // (a supplement, a result).
  const shas = [...d.attachments.flatMap((a) => a.files), d.resultSha256 ?? ''].join(',');
  const files = useQuery({
    queryKey: [...dossierKeys.files(d.id), shas],
    queryFn: ({ signal }) => api<{ items: DossierFile[] }>(`/api/dossiers/${d.id}/files`, { signal }),
  });
  const fileOf = (sha: string) => files.data?.items.find((f) => f.sha256 === sha);
  const fileLabel = (sha: string, n: number) => {
    const f = fileOf(sha);
    const name = f?.filename ?? t('os.fileN', { n });
    return f ? `${name} (${formatBytes(f.size, lang)})` : name;
  };
  return (
    <section className="card" aria-labelledby="papers-heading">
      <h2 id="papers-heading">{t('dossier.files')}</h2>
      {d.attachments.length === 0 ? (
        <p className="muted">{t('os.noPapers')}</p>
      ) : (
        <ul className="plainlist" data-testid="dossier-papers">
          {d.attachments.map((a, i) => (
            <li key={`${a.paperId ?? 'other'}-${i}`}>
              <span>{nameOf(a)}: </span>
              {a.files.map((f, j) => (
                <a
                  key={f}
                  href={`/api/dossiers/${d.id}/files/${f}`}
                  target="_blank"
                  rel="noreferrer"
                  className="os-file"
                  data-testid="dossier-file"
                >
                  {fileLabel(f, j + 1)}
                </a>
              ))}
            </li>
          ))}
        </ul>
      )}
      <ul className="plainlist">
        {d.resultSha256 && (
          <li>
            <a
              href={`/api/dossiers/${d.id}/files/${d.resultSha256}`}
              target="_blank"
              rel="noreferrer"
              data-testid="dossier-result"
            >
              {t('dossier.result')}
            </a>
            {fileOf(d.resultSha256) && <span className="muted small"> {fileLabel(d.resultSha256, 1)}</span>}
          </li>
        )}
        {d.receivedAt && (
          <li>
            <a
              href={`/api/dossiers/${d.id}/receipt.pdf`}
              target="_blank"
              rel="noreferrer"
              data-testid="dossier-receipt"
            >
              {t('os.receiptPdf')}
            </a>
          </li>
        )}
        {apologized && (
          <li>
            <a
              href={`/api/dossiers/${d.id}/apology.pdf`}
              target="_blank"
              rel="noreferrer"
              data-testid="dossier-apology"
            >
              {t('os.apologyPdf')}
            </a>
          </li>
        )}
      </ul>
    </section>
  );
}

export default function DossierDetailPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const t = useT();
  const q = useQuery({
    queryKey: dossierKeys.one(id),
    queryFn: ({ signal }) => fetchDossier(id, signal),
    retry: false,
  });
  usePageTitle(q.data?.code ?? t('os.mine.title'));
  if (q.isPending) return <Loading />;
  if (q.isError && isApiError(q.error) && q.error.status === 401)
    return (
      <div className="page page--narrow">
        <p className="notice notice--info">{t('os.mine.login')}</p>
        <Link className="button button--primary" to={`/login?returnTo=${encodeURIComponent(`/my-dossiers/${id}`)}`}>
          {t('user.login')}
        </Link>
      </div>
    );
  if (q.isError)
    return (
      <div className="page page--narrow">
        <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />
        <Link to="/my-dossiers">← {t('os.mine.title')}</Link>
      </div>
    );
  const d = q.data;
  const may = (a: string) => d.allowedActions.includes(a);
  return (
    <div className="page page--narrow" data-testid="citizen-dossier">
      <p className="crumbs">
        <Link to="/my-dossiers">← {t('os.mine.title')}</Link>
      </p>
      <h1>
        {t('os.dossier')} <code>{d.code}</code>
      </h1>
      {params.get('submitted') && (
        <p className="notice notice--success" role="status" data-testid="submitted-notice">
          {t('os.submitted', { code: d.code })}
        </p>
      )}
      <DossierFacts d={d} />
      <p>
        <Link to={`/lookup?code=${encodeURIComponent(d.code)}`}>{t('os.publicLookup')}</Link>
      </p>
      {may('supplement') && <SupplementForm d={d} />}
      {may('rate') && <RatingForm d={d} />}
      {d.rating !== null && (
        <p className="notice notice--info" data-testid="dossier-rated">
          {t('os.rate.thanks', { stars: '★'.repeat(d.rating) })} {d.ratingComment}
        </p>
      )}
      <section className="card" aria-labelledby="pay-heading">
        <h2 id="pay-heading">{t('procedures.fees')}</h2>
        <PaymentPanel dossier={d} />
      </section>
      <DossierPapers d={d} />
      <PostalReturn d={d} />
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('portal.lookup.timeline')}</h2>
        <DossierTimeline entries={d.timeline} testId="dossier-timeline" />
      </section>
      {may('withdraw') && !CLOSED_STATUSES.includes(d.status) && <WithdrawForm d={d} />}
    </div>
  );
}
