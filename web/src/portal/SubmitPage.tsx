/**
 * The online submission wizard (nộp hồ sơ trực tuyến): the procedure's form (prefilled from the account and
 * the applicant's previous dossier),
 * one upload per paper with the mandatory ones enforced, the declared fees, a review, then submit.
 */
import { formatDate, isDateValue } from '../components/format.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, isApiError } from '../api/client.js';
import { dossierKeys, fetchDossier, type DossierDetail, type DossierPage, type UploadedFile } from '../api/dossiers.js';
import { procedureKeys, type FormField, type ProcedureDetail } from '../api/procedures.js';
import { hasRole } from '../auth/roles.js';
import { useSession } from '../auth/session.js';
import { fieldErrorOf } from '../admin/Field.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Loading } from '../components/States.js';
import { pick, usePageTitle, useLang, useT } from '../i18n/index.js';
import { useServiceCentre } from './dossiers/AgencyPicker.js';
import { FileUpload } from './dossiers/parts.js';
import { papersKeys, type RepositoryDocument } from '../api/papers.js';
import { CompetentAgencySelect } from './papers/CompetentAgencySelect.js';
import { PaperChoice } from './papers/PaperChoice.js';
import { FormInput, isVnPhone } from './dossiers/FormInput.js';
import { FeeQuote } from './dossiers/FeeQuote.js';

const STEPS = ['form', 'papers', 'review'] as const;
type Step = (typeof STEPS)[number];

/** Where a prefilled form field goes in the dossier's applicant block. */
const APPLICANT_OF: Record<string, 'name' | 'idNumber' | 'phone' | 'email' | 'address'> = {
  fullName: 'name',
  idNumber: 'idNumber',
  phone: 'phone',
  email: 'email',
  address: 'address',
};

function Stepper({ step }: { step: Step }) {
  const t = useT();
  const at = STEPS.indexOf(step);
  return (
    <ol className="wizard" aria-label={t('os.submit.steps')}>
      {STEPS.map((s, i) => (
        <li
          key={s}
          className={
            i === at ? 'wizard__step wizard__step--on' : i < at ? 'wizard__step wizard__step--done' : 'wizard__step'
          }
          aria-current={i === at ? 'step' : undefined}
        >
          <span className="wizard__n">{i + 1}</span> {t(`os.submit.step.${s}`)}
        </li>
      ))}
    </ol>
  );
}

export default function SubmitPage() {
  const { code = '' } = useParams();
  const t = useT();
  const { lang } = useLang();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const session = useSession();
  const account = session.data?.account;
  const p = useQuery({
    queryKey: procedureKeys.one(code),
    queryFn: ({ signal }) => api<ProcedureDetail>(`/api/procedures/${encodeURIComponent(code)}`, { signal }),
  });
  usePageTitle(t('os.submit.title'));
  const centre = useServiceCentre();

  const [step, setStep] = useState<Step>('form');
  const [data, setData] = useState<Record<string, unknown>>({});
  const [papers, setPapers] = useState<Record<string, UploadedFile[]>>({});
  const [others, setOthers] = useState<UploadedFile[]>([]);
  // Papers taken from the applicant's repository (paper → document) and consents to a national lookup.
  const [picks, setPicks] = useState<Record<string, string>>({});
  const [consents, setConsents] = useState<Record<string, boolean>>({});
  const [agencyId, setAgencyId] = useState('');
  const [receiveAt, setReceiveAt] = useState<'centre' | 'agency'>('centre');
  const [note, setNote] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [prefilled, setPrefilled] = useState(false);
  // One retry key per wizard visit: a double submit makes one dossier.
  const [txId] = useState(() => crypto.randomUUID());

  const citizen = hasRole(account, ['citizen']);
  // People enter their data once: what they gave on their latest dossier comes back (the API has no citizen profile yet).
  const last = useQuery({
    queryKey: ['dossiers', 'mine', 'latest'],
    queryFn: async ({ signal }) => {
      const page = await api<DossierPage>('/api/dossiers/mine', { query: { limit: 1 }, signal });
      return page.items[0] ? fetchDossier(page.items[0].id, signal) : null;
    },
    enabled: citizen,
    retry: false,
    meta: { quiet: true },
  });

  // Prefill once: the name from the account; the rest from the latest dossier.
  useEffect(() => {
    if (prefilled || !p.data || !account || (citizen && last.isPending)) return;
    const prev = last.data ?? null;
    const init: Record<string, unknown> = {};
    for (const f of p.data.formFields) {
      const target = f.prefill ? APPLICANT_OF[f.prefill] : undefined;
      if (f.prefill === 'fullName') init[f.key] = account.displayName;
      else if (prev && target && prev.applicant[target]) init[f.key] = prev.applicant[target];
      else if (prev && f.prefill && prev.formData[f.key] !== undefined) init[f.key] = prev.formData[f.key];
    }
    setData((d) => ({ ...init, ...d }));
    setPrefilled(true);
  }, [p.data, account, prefilled, citizen, last.isPending, last.data]);

  const repository = useQuery({
    queryKey: papersKeys.repository,
    queryFn: ({ signal }) => api<{ items: RepositoryDocument[] }>('/api/repository/documents', { signal }),
    enabled: citizen,
    meta: { quiet: true },
  });

  const submit = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<DossierDetail>('/api/dossiers', { method: 'POST', body }),
    onSuccess: (d) => {
      qc.setQueryData(dossierKeys.one(d.id), d);
      void qc.invalidateQueries({ queryKey: ['dossiers', 'mine'] });
      navigate(`/my-dossiers/${d.id}?submitted=1`);
    },
    onError: (e) => {
      // Send the applicant to the step holding the first problem.
      if (!isApiError(e) || !e.errors.length) return;
      const f = e.errors[0]!.field;
      setStep(f.includes('/attachments') ? 'papers' : 'form');
    },
  });

  const proc = p.data;
  const handlingId = proc?.agencyId ?? agencyId;
  const receivingId = receiveAt === 'centre' && centre ? centre.id : handlingId;
  const byPrefill = useMemo(
    () => new Map((proc?.formFields ?? []).filter((f) => f.prefill).map((f) => [f.prefill!, f.key])),
    [proc],
  );

  // The form appears already filled: an empty name that fills itself a moment later invites typing over it.
  if (session.isPending || p.isPending || (account && p.data && !prefilled)) return <Loading />;
  if (p.isError)
    return (
      <div className="page page--narrow">
        <ErrorNotice error={p.error} onRetry={() => void p.refetch()} />
      </div>
    );
  if (!account)
    return (
      <div className="page page--narrow">
        <h1>{t('os.submit.title')}</h1>
        <p className="notice notice--info">{t('os.submit.loginFirst')}</p>
        <p>
          <Link
            className="button button--primary"
            to={`/login?returnTo=${encodeURIComponent(`/procedures/${code}/submit`)}`}
            data-testid="submit-login"
          >
            {t('user.login')}
          </Link>
        </p>
      </div>
    );
  if (!citizen)
    return (
      <div className="page page--narrow">
        <h1>{t('os.submit.title')}</h1>
        <p className="notice notice--info">{t('os.submit.citizensOnly')}</p>
        <p>
          <Link to="/workspace/counter">{t('os.counter.title')}</Link>
        </p>
      </div>
    );
  const d = proc!;
  if (d.onlineLevel === 'offline')
    return (
      <div className="page page--narrow">
        <h1>{t('os.submit.title')}</h1>
        <p className="notice notice--info">{t('os.submit.offline')}</p>
        <Link to={`/procedures/${encodeURIComponent(code)}`}>← {d.name}</Link>
      </div>
    );

  const serverError = (field: FormField) => {
    const fromForm = fieldErrorOf(submit.error, `formData/${field.key}`, lang);
    const target = field.prefill ? APPLICANT_OF[field.prefill] : undefined;
    return fromForm ?? (target ? fieldErrorOf(submit.error, `applicant/${target}`, lang) : undefined);
  };

  const checkForm = () => {
    const errs: Record<string, string> = {};
    for (const f of d.formFields) {
      const v = data[f.key];
      if (f.required && (v === undefined || v === null || v === '' || v === false))
        errs[f.key] = t('os.submit.requiredField');
      else if (
        typeof v === 'string' &&
        v &&
        f.type === 'idNumber' &&
        !(f.allowOldId ? /^([0-9]{9}|[0-9]{12})$/ : /^[0-9]{12}$/).test(v)
      )
        errs[f.key] = t('os.submit.badId');
      else if (typeof v === 'string' && v && f.type === 'phone' && !isVnPhone(v)) errs[f.key] = t('os.submit.badPhone');
    }
    if (!handlingId) errs.agencyId = t('os.submit.chooseAgency');
    setLocalErrors(errs);
    return Object.keys(errs).length === 0;
  };
  const checkPapers = () => {
    const errs: Record<string, string> = {};
    // A paper shown at the desk or held by the state is never asked for; a repository document stands for an upload.
    for (const x of d.papers)
      if (x.mandatory && (x.provision ?? 'upload') === 'upload' && !picks[x.id] && !(papers[x.id]?.length ?? 0))
        errs[`paper-${x.id}`] = t('os.submit.paperMissing');
    setLocalErrors(errs);
    return Object.keys(errs).length === 0;
  };

  const body = () => {
    const applicant: Record<string, string> = {};
    for (const [source, key] of byPrefill) {
      const target = APPLICANT_OF[source];
      const v = data[key];
      if (target && typeof v === 'string' && v.trim()) applicant[target] = v.trim();
    }
    // Trimmed like the applicant block, so the form's identity number is the applicant's to the letter.
    const formData = Object.fromEntries(
      Object.entries(data)
        .map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v] as const)
        .filter(([, v]) => v !== '' && v !== undefined),
    );
    return {
      procedureId: d.id,
      ...(d.agencyId ? {} : { agencyId: handlingId }),
      ...(receivingId && receivingId !== handlingId ? { receivingAgencyId: receivingId } : {}),
      applicant,
      formData,
      attachments: [
        // In the procedure's order: from the repository, from a national database with consent, or uploaded.
        ...d.papers.flatMap((x): Record<string, unknown>[] =>
          picks[x.id]
            ? [{ paperId: x.id, source: 'repository', documentId: picks[x.id] }]
            : x.provision === 'national' && consents[x.id]
              ? [{ paperId: x.id, source: 'national', consent: true }]
              : (x.provision ?? 'upload') === 'upload' && papers[x.id]?.length
                ? [{ paperId: x.id, name: x.name, files: papers[x.id]!.map((f) => f.sha256) }]
                : [],
        ),
        ...(others.length
          ? [{ paperId: null, name: t('os.submit.otherPapers'), files: others.map((f) => f.sha256) }]
          : []),
      ],
      ...(note.trim() ? { note: note.trim() } : {}),
      clientTransactionId: txId,
    };
  };

  const onNext = (e: FormEvent) => {
    e.preventDefault();
    if (step === 'form' && checkForm()) setStep('papers');
    else if (step === 'papers' && checkPapers()) setStep('review');
    else if (step === 'review') submit.mutate(body());
  };
  const back = () => setStep(STEPS[Math.max(0, STEPS.indexOf(step) - 1)]!);
  const paperError = (id: string) =>
    localErrors[`paper-${id}`] ?? fieldErrorOf(submit.error, `attachments/${id}`, lang, true);

  return (
    <div className="page page--narrow" data-testid="submit-page">
      <p className="crumbs">
        <Link to={`/procedures/${encodeURIComponent(code)}`}>← {lang === 'en' && d.nameEn ? d.nameEn : d.name}</Link>
      </p>
      <h1>{t('os.submit.title')}</h1>
      <p className="muted">{lang === 'en' && d.nameEn ? d.nameEn : d.name}</p>
      <Stepper step={step} />
      <form className="form form--boxed" onSubmit={onNext} noValidate data-testid={`submit-step-${step}`}>
        {step === 'form' && (
          <fieldset className="fieldset">
            <legend>{t('os.submit.step.form')}</legend>
            {!d.agencyId && (
              <CompetentAgencySelect
                procedureId={d.id}
                id="submit-agency"
                label={t('os.submit.agency')}
                value={agencyId}
                onChange={setAgencyId}
                error={localErrors.agencyId ?? fieldErrorOf(submit.error, 'agencyId', lang)}
                testId="submit-agency"
              />
            )}
            {centre && handlingId !== centre.id && (
              <div className="field radios" role="radiogroup" aria-labelledby="receive-at-label">
                <span id="receive-at-label">{t('os.submit.receiveAt')}</span>
                <label className="radio">
                  <input
                    type="radio"
                    name="receiveAt"
                    checked={receiveAt === 'centre'}
                    onChange={() => setReceiveAt('centre')}
                    data-testid="receive-at-centre"
                  />{' '}
                  {centre.name}
                </label>
                <label className="radio">
                  <input
                    type="radio"
                    name="receiveAt"
                    checked={receiveAt === 'agency'}
                    onChange={() => setReceiveAt('agency')}
                    data-testid="receive-at-agency"
                  />{' '}
                  {d.agency?.name ?? t('os.submit.agency')}
                </label>
              </div>
            )}
            {d.formFields.map((f) => (
              <FormInput
                key={f.key}
                f={f}
                value={data[f.key]}
                onChange={(v) => setData((x) => ({ ...x, [f.key]: v }))}
                error={localErrors[f.key] ?? serverError(f)}
                lang={lang}
              />
            ))}
            {d.formFields.length === 0 && <p className="muted">{t('os.submit.noForm')}</p>}
          </fieldset>
        )}
        {step === 'papers' && (
          <fieldset className="fieldset">
            <legend>{t('os.submit.step.papers')}</legend>
            <p className="small muted">{t('os.submit.papersHint')}</p>
            {d.papers.map((x) => (
              <PaperChoice
                key={x.id}
                paper={x}
                hint={
                  [
                    x.originals ? t('os.submit.originals', { n: x.originals }) : '',
                    x.copies ? t('os.submit.copies', { n: x.copies }) : '',
                    x.note ?? '',
                  ]
                    .filter(Boolean)
                    .join(' · ') || undefined
                }
                files={papers[x.id] ?? []}
                onFiles={(files) => setPapers((ps) => ({ ...ps, [x.id]: files }))}
                documents={repository.data?.items ?? []}
                picked={picks[x.id] ?? ''}
                onPick={(id) => setPicks((ps) => ({ ...ps, [x.id]: id }))}
                consent={consents[x.id] ?? false}
                onConsent={(v) => setConsents((cs) => ({ ...cs, [x.id]: v }))}
                error={paperError(x.id)}
              />
            ))}
            <FileUpload
              id="paper-other"
              label={t('os.submit.otherPapers')}
              files={others}
              onChange={setOthers}
              testId="paper-other"
            />
          </fieldset>
        )}
        {step === 'review' && (
          <div data-testid="submit-review">
            <h2>{t('os.submit.step.review')}</h2>
            <dl className="details">
              {d.formFields.map((f) => (
                <div key={f.key} className="details__pair">
                  <dt>{pick(f.label, lang)}</dt>
                  <dd>
                    {data[f.key] === true
                      ? t('app.yes')
                      : f.type === 'select'
                        ? pick(f.options?.find((o) => o.value === data[f.key])?.label, lang)
                        : isDateValue(data[f.key])
                          ? formatDate(data[f.key] as string)
                          : String(data[f.key] ?? t('app.dash'))}
                  </dd>
                </div>
              ))}
            </dl>
            <h3>{t('procedures.papers')}</h3>
            <ul className="plainlist">
              {d.papers.map((x) => (
                <li key={x.id}>
                  {x.name}: {(papers[x.id] ?? []).map((f) => f.filename).join(', ') || t('app.dash')}
                </li>
              ))}
              {others.length > 0 && (
                <li>
                  {t('os.submit.otherPapers')}: {others.map((f) => f.filename).join(', ')}
                </li>
              )}
            </ul>
            <h3>{t('procedures.fees')}</h3>
            {/* Computed on the server from the form as filled in, by the rules the dossier's fee will follow. */}
            <FeeQuote procedureId={d.id} formData={body().formData} />
            <div className="field">
              <label htmlFor="submit-note">{t('os.submit.note')}</label>
              <textarea id="submit-note" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
            </div>
          </div>
        )}
        {submit.isError && <ErrorNotice error={submit.error} compact />}
        <div className="form__actions">
          {step !== 'form' && (
            <button type="button" className="button" onClick={back} data-testid="submit-back">
              ← {t('os.submit.back')}
            </button>
          )}
          <button
            type="submit"
            className="button button--primary"
            disabled={submit.isPending}
            data-testid={step === 'review' ? 'submit-send' : 'submit-next'}
          >
            {step === 'review' ? t('os.submit.send') : `${t('os.submit.next')} →`}
          </button>
        </div>
      </form>
    </div>
  );
}
