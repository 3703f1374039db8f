import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { useLang, usePageTitle, useT } from '../i18n/index.js';
import type { DocDetail, DocType } from './api.js';
import { useMyAgency } from './session.js';

/** A new outgoing draft (dự thảo): type, summary, body and recipients; later versions are saved on the document's page. */
export default function DraftFormPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('doc.draft.new'));
  const nav = useNavigate();
  const { agencyId } = useMyAgency();
  const types = useQuery({ queryKey: ['documents', 'types'], queryFn: ({ signal }) => api<DocType[]>('/api/documents/types', { signal }) });
  const [f, setF] = useState({ typeCode: 'CV', summary: '', body: '', recipients: '', signerCapacity: '', signerTitle: '' });
  const save = useMutation({
    mutationFn: () =>
      api<DocDetail>('/api/documents/drafts', {
        method: 'POST',
        body: {
          ...(agencyId ? { agencyId } : {}),
          typeCode: f.typeCode,
          summary: f.summary,
          body: f.body,
          recipients: f.recipients.split('\n').map((x) => x.trim()).filter(Boolean).map((name) => ({ name })),
          ...(f.signerCapacity ? { signerCapacity: f.signerCapacity } : {}),
          ...(f.signerTitle ? { signerTitle: f.signerTitle } : {}),
          clientTransactionId: crypto.randomUUID(),
        },
      }),
    onSuccess: (d) => void nav(`/workspace/documents/${d.id}`),
  });
  const field = (k: keyof typeof f) => ({ value: f[k], onChange: (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value }) });
  return (
    <div className="page narrow" data-testid="doc-draft-form">
      <h1>{t('doc.draft.new')}</h1>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <label>
          {t('doc.search.type')}
          <select {...field('typeCode')}>
            {types.data?.map((ty) => (
              <option key={ty.code} value={ty.code}>{lang === 'vi' ? ty.name : ty.nameEn}</option>
            ))}
          </select>
        </label>
        <label>
          {t('doc.col.summary')}
          <input required maxLength={1000} {...field('summary')} data-testid="doc-draft-summary" />
        </label>
        <label>
          {t('doc.draft.body')}
          <textarea rows={10} maxLength={200000} {...field('body')} data-testid="doc-draft-body" />
        </label>
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
        <button type="submit" disabled={save.isPending} data-testid="doc-draft-save">{t('doc.draft.save')}</button>
      </form>
    </div>
  );
}
