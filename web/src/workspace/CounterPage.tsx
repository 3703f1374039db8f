/**
 * Counter intake (tiếp nhận hồ sơ trực tiếp): the one-stop officer receives a walk-in's dossier on their behalf.
 * The dossier is received at once (the clock starts); the receipt with the appointment is printable next.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client.js';
import { dossierKeys, formatMoney, type DossierDetail, type UploadedFile } from '../api/dossiers.js';
import { procedureKeys, type ProcedureDetail, type ProcedureSummary } from '../api/procedures.js';
import { useSession } from '../auth/session.js';
import { Field, fieldErrorOf } from '../admin/Field.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Loading } from '../components/States.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { AgencyPicker } from '../portal/dossiers/AgencyPicker.js';
import { FormInput } from '../portal/dossiers/FormInput.js';
import { FileUpload } from '../portal/dossiers/parts.js';

const APPLICANT = ['name', 'idNumber', 'phone', 'email', 'address'] as const;
type ApplicantKey = (typeof APPLICANT)[number];
/** Form fields prefilled from the applicant block are the same facts: typed once. */
const PREFILL_OF: Record<string, ApplicantKey> = {
  fullName: 'name',
  idNumber: 'idNumber',
  phone: 'phone',
  email: 'email',
  address: 'address',
};

function ProcedureChooser({ onPick }: { onPick: (code: string) => void }) {
  const t = useT();
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: procedureKeys.list({ q, counter: true }),
    queryFn: ({ signal }) =>
      api<{ items: ProcedureSummary[]; total: number }>('/api/procedures', {
        query: { q: q || undefined, limit: 20 },
        signal,
      }),
  });
  return (
    <div>
      <div className="field">
        <label htmlFor="counter-proc-q">{t('os.counter.findProcedure')}</label>
        <input
          id="counter-proc-q"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          data-testid="counter-procedure-search"
        />
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <ul className="list">
          {list.data.items.map((p) => (
            <li key={p.id} className="list__item list__item--row">
              <span className="list__main">
                <code>{p.code}</code> {p.name}
              </span>
              <button
                type="button"
                className="button button--small"
                onClick={() => onPick(p.code)}
                data-testid={`counter-pick-${p.code}`}
              >
                {t('os.counter.pick')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function IntakeForm({ code, onBack }: { code: string; onBack: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const account = useSession().data?.account;
  // The desk receives for the agency its officer serves.
  const desk = account?.grants.find((g) => g.role === 'officer' && g.scopeKind === 'agency')?.scopeId ?? '';
  const p = useQuery({
    queryKey: procedureKeys.one(code),
    queryFn: ({ signal }) => api<ProcedureDetail>(`/api/procedures/${encodeURIComponent(code)}`, { signal }),
  });
  const [applicant, setApplicant] = useState<Record<ApplicantKey, string>>({
    name: '',
    idNumber: '',
    phone: '',
    email: '',
    address: '',
  });
  const [data, setData] = useState<Record<string, unknown>>({});
  const [papers, setPapers] = useState<Record<string, UploadedFile[]>>({});
  const [agencyId, setAgencyId] = useState('');
  const [note, setNote] = useState('');
  const [txId] = useState(() => crypto.randomUUID());
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<DossierDetail>('/api/dossiers/counter', { method: 'POST', body }),
    onSuccess: (d) => {
      qc.setQueryData(dossierKeys.one(d.id), d);
      void qc.invalidateQueries({ queryKey: ['workspace'] });
      navigate(`/workspace/dossiers/${d.id}`);
    },
  });
  if (p.isPending) return <Loading />;
  if (p.isError) return <ErrorNotice error={p.error} onRetry={() => void p.refetch()} />;
  const d = p.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const formData: Record<string, unknown> = {};
    for (const f of d.formFields) {
      const from = f.prefill ? PREFILL_OF[f.prefill] : undefined;
      // The applicant block is sent trimmed: so is the form's copy of it, or the server sees two identity numbers.
      const v = from ? applicant[from].trim() : data[f.key];
      if (v !== '' && v !== undefined) formData[f.key] = v;
    }
    create.mutate({
      procedureId: d.id,
      ...(d.agencyId ? {} : { agencyId }),
      ...(desk ? { receivingAgencyId: desk } : {}),
      applicant: Object.fromEntries(
        Object.entries(applicant)
          .filter(([, v]) => v.trim())
          .map(([k, v]) => [k, v.trim()]),
      ),
      formData,
      attachments: d.papers
        .filter((x) => papers[x.id]?.length)
        .map((x) => ({ paperId: x.id, name: x.name, files: papers[x.id]!.map((f) => f.sha256) })),
      ...(note.trim() ? { note: note.trim() } : {}),
      clientTransactionId: txId,
    });
  };
  const fe = (path: string) => fieldErrorOf(create.error, path, lang);
  return (
    <form className="form form--boxed" onSubmit={submit} data-testid="counter-form">
      <p>
        <button type="button" className="button button--small button--ghost" onClick={onBack}>
          ← {t('os.counter.otherProcedure')}
        </button>
      </p>
      <h2>
        <code>{d.code}</code> {d.name}
      </h2>
      {!d.agencyId && (
        <AgencyPicker
          id="counter-agency"
          label={t('os.submit.agency')}
          value={agencyId}
          onChange={setAgencyId}
          required
          error={fe('agencyId')}
          testId="counter-agency"
        />
      )}
      <fieldset className="fieldset">
        <legend>{t('dossier.applicant')}</legend>
        {APPLICANT.map((k) => (
          <Field
            key={k}
            id={`counter-${k}`}
            label={`${t(`os.applicant.${k}`)}${k === 'name' ? ' *' : ''}`}
            error={fe(`applicant/${k}`)}
          >
            <input
              value={applicant[k]}
              onChange={(e) => setApplicant((a) => ({ ...a, [k]: e.target.value }))}
              required={k === 'name'}
              type={k === 'email' ? 'email' : k === 'phone' ? 'tel' : 'text'}
              data-testid={`counter-${k}`}
            />
          </Field>
        ))}
      </fieldset>
      {d.formFields.some((f) => !(f.prefill && PREFILL_OF[f.prefill])) && (
        <fieldset className="fieldset">
          <legend>{t('os.formData')}</legend>
          {d.formFields
            .filter((f) => !(f.prefill && PREFILL_OF[f.prefill]))
            .map((f) => (
              <FormInput
                key={f.key}
                f={f}
                value={data[f.key]}
                onChange={(v) => setData((x) => ({ ...x, [f.key]: v }))}
                error={fe(`formData/${f.key}`)}
                lang={lang}
              />
            ))}
        </fieldset>
      )}
      <fieldset className="fieldset">
        <legend>{t('procedures.papers')}</legend>
        <p className="small muted">{t('os.counter.scanHint')}</p>
        {d.papers.map((x) => (
          <FileUpload
            key={x.id}
            id={`counter-paper-${x.id}`}
            label={`${x.ordinal}. ${x.name}`}
            // A paper only shown at the desk (or held by the state) is seen, not scanned.
            required={x.mandatory && (x.provision ?? 'upload') === 'upload'}
            hint={(x.provision ?? 'upload') === 'upload' ? undefined : t('papers.source.desk')}
            files={papers[x.id] ?? []}
            onChange={(fs) => setPapers((ps) => ({ ...ps, [x.id]: fs }))}
            error={fieldErrorOf(create.error, `attachments/${x.id}`, lang, true)}
            testId={`counter-paper-${x.ordinal}`}
          />
        ))}
      </fieldset>
      {d.fees.length > 0 && (
        <p>
          {t('procedures.fees')}: {d.fees.map((f) => `${f.name} (${formatMoney(f.amount, lang)})`).join('; ')}
        </p>
      )}
      <div className="field">
        <label htmlFor="counter-note">{t('os.submit.note')}</label>
        <textarea id="counter-note" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      {create.isError && <ErrorNotice error={create.error} compact />}
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={create.isPending}
          data-testid="counter-submit"
        >
          {t('os.counter.receive')}
        </button>
      </div>
    </form>
  );
}

export default function CounterPage() {
  const t = useT();
  usePageTitle(t('os.counter.title'));
  const [code, setCode] = useState<string | null>(null);
  return (
    <div className="page" data-testid="counter-page">
      <h1>{t('os.counter.title')}</h1>
      <p className="muted">{t('os.counter.intro')}</p>
      {code ? <IntakeForm code={code} onBack={() => setCode(null)} /> : <ProcedureChooser onPick={setCode} />}
    </div>
  );
}
