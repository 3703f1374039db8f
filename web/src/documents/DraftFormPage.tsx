import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { useLang, usePageTitle, useT } from '../i18n/index.js';
import type { Agency, DocDetail, DocType } from './api.js';
import { useMyAgency } from './session.js';

/** Recipients that are agencies go through the exchange (liên thông); they are found by name or identifier. */
function AgencyRecipients({
  value,
  onChange,
  exclude,
}: {
  value: Agency[];
  onChange: (v: Agency[]) => void;
  exclude: string | null;
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['documents', 'recipient-agencies', q],
    enabled: q.trim().length >= 2,
    queryFn: ({ signal }) =>
      api<{ items: Agency[] }>('/api/directory/agencies', { query: { q: q.trim(), active: true, limit: 8 }, signal }),
  });
  const options = (found.data?.items ?? []).filter(
    (a) => a.id !== exclude && a.level !== 'unit' && !value.some((v) => v.id === a.id),
  );
  return (
    <fieldset className="fieldset" data-testid="doc-draft-agencies">
      <legend>{t('doc.draft.agencies')}</legend>
      {value.length > 0 && (
        <ul aria-label={t('doc.draft.agenciesChosen')}>
          {value.map((a) => (
            <li key={a.id}>
              {a.name} <span className="muted">({a.code})</span>{' '}
              <button
                type="button"
                onClick={() => onChange(value.filter((x) => x.id !== a.id))}
                aria-label={t('doc.draft.agencyRemove', { name: a.name })}
              >
                {t('doc.draft.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <label>
        {t('doc.draft.agencySearch')}
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} data-testid="doc-draft-agency-q" />
      </label>
      {options.length > 0 && (
        <ul aria-label={t('doc.draft.agencyResults')} data-testid="doc-draft-agency-results">
          {options.map((a) => (
            <li key={a.id}>
              <button
                type="button"
                onClick={() => onChange([...value, a])}
                data-testid={`doc-draft-agency-add-${a.code}`}
                aria-label={t('doc.draft.agencyAdd', { name: a.name })}
              >
                {t('doc.draft.add')}
              </button>{' '}
              {a.name} <span className="muted">({a.code})</span>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** A new outgoing draft (dự thảo): type, summary, body and recipients; later versions are saved on the document's page. */
export default function DraftFormPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('doc.draft.new'));
  const nav = useNavigate();
  const { agencyId } = useMyAgency();
  const [params] = useSearchParams();
  const inReplyToId = params.get('inReplyTo');
  const reply = useQuery({
    queryKey: ['documents', 'one', inReplyToId],
    enabled: Boolean(inReplyToId),
    queryFn: ({ signal }) => api<DocDetail>(`/api/documents/${inReplyToId}`, { signal }),
  });
  // The drafting unit (phòng) whose head reviews the draft: one of the agency's units, or the agency itself.
  const units = useQuery({
    queryKey: ['documents', 'units', agencyId],
    enabled: Boolean(agencyId),
    queryFn: ({ signal }) =>
      api<{ items: Agency[] }>('/api/directory/agencies', {
        query: { parentId: agencyId, level: 'unit', active: true, limit: 100 },
        signal,
      }),
  });
  const [unitId, setUnitId] = useState('');
  const [toAgencies, setToAgencies] = useState<Agency[]>([]);
  const types = useQuery({
    queryKey: ['documents', 'types'],
    queryFn: ({ signal }) => api<DocType[]>('/api/documents/types', { signal }),
  });
  const [f, setF] = useState({
    typeCode: 'CV',
    summary: '',
    body: '',
    recipients: '',
    signerCapacity: '',
    signerTitle: '',
  });
  const save = useMutation({
    mutationFn: () =>
      api<DocDetail>('/api/documents/drafts', {
        method: 'POST',
        body: {
          ...(agencyId ? { agencyId } : {}),
          typeCode: f.typeCode,
          summary: f.summary,
          body: f.body,
          recipients: [
            ...toAgencies.map((a) => ({ name: a.name, agencyId: a.id })),
            ...f.recipients
              .split('\n')
              .map((x) => x.trim())
              .filter(Boolean)
              .map((name) => ({ name })),
          ],
          ...(unitId ? { draftingUnitId: unitId } : {}),
          ...(inReplyToId ? { inReplyToId } : {}),
          ...(f.signerCapacity ? { signerCapacity: f.signerCapacity } : {}),
          ...(f.signerTitle ? { signerTitle: f.signerTitle } : {}),
          clientTransactionId: crypto.randomUUID(),
        },
      }),
    onSuccess: (d) => void nav(`/workspace/documents/${d.id}`),
  });
  const field = (k: keyof typeof f) => ({
    value: f[k],
    onChange: (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value }),
  });
  return (
    <div className="page narrow" data-testid="doc-draft-form">
      <h1>{t('doc.draft.new')}</h1>
      {reply.data && (
        <p className="lead" data-testid="doc-draft-reply-to">
          {t('doc.draft.replyTo')}: {reply.data.originalNumberSymbol ?? reply.data.numberSymbol ?? ''} —{' '}
          {reply.data.summary}
        </p>
      )}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <label>
          {t('doc.search.type')}
          <select {...field('typeCode')} data-testid="doc-draft-type">
            {types.data?.map((ty) => (
              <option key={ty.code} value={ty.code}>
                {lang === 'vi' ? ty.name : ty.nameEn}
              </option>
            ))}
          </select>
        </label>
        {units.data && units.data.items.length > 0 && (
          <label>
            {t('doc.draft.unit')}
            <select value={unitId} onChange={(e) => setUnitId(e.target.value)} data-testid="doc-draft-unit">
              <option value="">{t('doc.draft.unitAgency')}</option>
              {units.data.items.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('doc.col.summary')}
          <input required maxLength={1000} {...field('summary')} data-testid="doc-draft-summary" />
        </label>
        <label>
          {t('doc.draft.body')}
          <textarea rows={10} maxLength={200000} {...field('body')} data-testid="doc-draft-body" />
        </label>
        <AgencyRecipients value={toAgencies} onChange={setToAgencies} exclude={agencyId} />
        <label>
          {t('doc.draft.recipients')}
          <textarea rows={3} {...field('recipients')} data-testid="doc-draft-recipients" />
        </label>
        <label>
          {t('doc.draft.capacity')}
          <input maxLength={200} {...field('signerCapacity')} />
        </label>
        <label>
          {t('doc.draft.title')}
          <input maxLength={200} {...field('signerTitle')} />
        </label>
        {save.isError && <ErrorNotice error={save.error} />}
        <button type="submit" disabled={save.isPending} data-testid="doc-draft-save">
          {t('doc.draft.save')}
        </button>
      </form>
    </div>
  );
}
