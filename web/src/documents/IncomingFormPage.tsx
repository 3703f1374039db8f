import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { useLang, usePageTitle, useT } from '../i18n/index.js';
import { uploadFile, type DocDetail, type DocType } from './api.js';
import { useMyAgency } from './session.js';

/** The clerk's registration form (vào sổ văn bản đến): the PDF and the register's fields. */
export default function IncomingFormPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('doc.incoming.new'));
  const nav = useNavigate();
  const { agencyId, csrf } = useMyAgency();
  const types = useQuery({
    queryKey: ['documents', 'types'],
    queryFn: ({ signal }) => api<DocType[]>('/api/documents/types', { signal }),
  });
  const [file, setFile] = useState<File | null>(null);
  const [f, setF] = useState({
    typeCode: 'CV',
    summary: '',
    senderName: '',
    originalNumberSymbol: '',
    originalDate: '',
    urgency: 'normal',
  });
  const save = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error(t('doc.incoming.fileRequired'));
      const pdfSha256 = await uploadFile(file, csrf);
      return api<DocDetail>('/api/documents/incoming', {
        method: 'POST',
        body: {
          ...(agencyId ? { agencyId } : {}),
          typeCode: f.typeCode,
          summary: f.summary,
          senderName: f.senderName,
          urgency: f.urgency,
          pdfSha256,
          ...(f.originalNumberSymbol ? { originalNumberSymbol: f.originalNumberSymbol } : {}),
          ...(f.originalDate ? { originalDate: f.originalDate } : {}),
          clientTransactionId: crypto.randomUUID(),
        },
      });
    },
    onSuccess: (d) => void nav(`/workspace/documents/${d.id}`),
  });
  const field = (k: keyof typeof f) => ({
    value: f[k],
    onChange: (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value }),
  });
  return (
    <div className="page narrow" data-testid="doc-incoming-form">
      <h1>{t('doc.incoming.new')}</h1>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <label>
          {t('doc.incoming.file')}
          <input
            type="file"
            accept="application/pdf"
            required
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            data-testid="doc-incoming-file"
          />
        </label>
        <label>
          {t('doc.search.type')}
          <select {...field('typeCode')}>
            {types.data?.map((ty) => (
              <option key={ty.code} value={ty.code}>
                {lang === 'vi' ? ty.name : ty.nameEn}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('doc.incoming.sender')}
          <input required maxLength={300} {...field('senderName')} data-testid="doc-incoming-sender" />
        </label>
        <label>
          {t('doc.incoming.originalNumber')}
          <input maxLength={100} {...field('originalNumberSymbol')} data-testid="doc-incoming-number" />
        </label>
        <label>
          {t('doc.incoming.originalDate')}
          <input type="date" {...field('originalDate')} />
        </label>
        <label>
          {t('doc.col.summary')}
          <textarea required maxLength={1000} rows={3} {...field('summary')} data-testid="doc-incoming-summary" />
        </label>
        <label>
          {t('doc.urgency')}
          <select {...field('urgency')}>
            {['normal', 'urgent', 'very_urgent', 'flash'].map((u) => (
              <option key={u} value={u}>
                {t(`doc.urgency.${u}` as 'doc.urgency.normal')}
              </option>
            ))}
          </select>
        </label>
        {save.isError && <ErrorNotice error={save.error} />}
        <button type="submit" disabled={save.isPending} data-testid="doc-incoming-save">
          {t('doc.incoming.save')}
        </button>
      </form>
    </div>
  );
}
