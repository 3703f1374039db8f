/**
 * "Kho dữ liệu của tôi": the citizen's electronic documents — every result of their dossiers, kept with
 * its number, issuer and validity, and the papers they digitised themselves (unverified until an officer
 * checks one in a dossier). A later procedure that asks for a paper of the same kind takes it from here.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import type { UploadedFile } from '../api/dossiers.js';
import { papersKeys, type PaperKind, type RepositoryDocument } from '../api/papers.js';
import { useSession } from '../auth/session.js';
import { fieldErrorOf } from '../admin/Field.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Empty, Loading } from '../components/States.js';
import { TableWrap } from '../components/TableWrap.js';
import { pick, usePageTitle, useLang, useT } from '../i18n/index.js';
import { FileUpload } from './dossiers/parts.js';

function AddDocument({ kinds }: { kinds: PaperKind[] }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const [kindCode, setKindCode] = useState('');
  const [files, setFiles] = useState<UploadedFile[]>([]);
  const [number, setNumber] = useState('');
  const [issuerName, setIssuerName] = useState('');
  const [issuedOn, setIssuedOn] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const add = useMutation({
    mutationFn: (body: Record<string, string>) =>
      api<RepositoryDocument>('/api/repository/documents', { method: 'POST', body }),
    onSuccess: () => {
      setFiles([]);
      setNumber('');
      setIssuerName('');
      setIssuedOn('');
      setValidUntil('');
      void qc.invalidateQueries({ queryKey: papersKeys.repository });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!kindCode || !files[0]) return;
    add.mutate({
      kindCode,
      sha256: files[0].sha256,
      ...(number.trim() ? { number: number.trim() } : {}),
      ...(issuerName.trim() ? { issuerName: issuerName.trim() } : {}),
      ...(issuedOn ? { issuedOn } : {}),
      ...(validUntil ? { validUntil } : {}),
    });
  };
  return (
    <form className="form form--boxed" onSubmit={onSubmit} data-testid="repo-add">
      <h2>{t('repo.add')}</h2>
      <p className="small muted">{t('repo.addHint')}</p>
      <div className="field">
        <label htmlFor="repo-kind">{t('repo.kind')}</label>
        <select
          id="repo-kind"
          value={kindCode}
          onChange={(e) => setKindCode(e.target.value)}
          required
          data-testid="repo-kind"
        >
          <option value="">{t('repo.chooseKind')}</option>
          {kinds.map((k) => (
            <option key={k.code} value={k.code}>
              {pick({ vi: k.name, en: k.nameEn ?? k.name }, lang)}
            </option>
          ))}
        </select>
      </div>
      <FileUpload
        id="repo-file"
        label={t('repo.file')}
        required
        files={files}
        onChange={(f) => setFiles(f.slice(0, 1))}
        error={fieldErrorOf(add.error, 'sha256', lang)}
        testId="repo-file"
      />
      <div className="field">
        <label htmlFor="repo-number">{t('repo.number')}</label>
        <input id="repo-number" value={number} maxLength={100} onChange={(e) => setNumber(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="repo-issuer">{t('repo.issuer')}</label>
        <input id="repo-issuer" value={issuerName} maxLength={300} onChange={(e) => setIssuerName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="repo-issued">{t('repo.issuedOn')}</label>
        <input id="repo-issued" type="date" value={issuedOn} onChange={(e) => setIssuedOn(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="repo-valid">{t('repo.validUntil')}</label>
        <input
          id="repo-valid"
          type="date"
          value={validUntil}
          onChange={(e) => setValidUntil(e.target.value)}
          aria-describedby={fieldErrorOf(add.error, 'validUntil', lang) ? 'repo-valid-error' : undefined}
        />
        {fieldErrorOf(add.error, 'validUntil', lang) && (
          <span className="field__error" id="repo-valid-error" role="alert">
            {fieldErrorOf(add.error, 'validUntil', lang)}
          </span>
        )}
      </div>
      {add.isError && <ErrorNotice error={add.error} />}
      <button
        className="button button--primary"
        type="submit"
        disabled={add.isPending || !kindCode || !files[0]}
        data-testid="repo-add-submit"
      >
        {t('repo.addSubmit')}
      </button>
    </form>
  );
}

export default function RepositoryPage() {
  const t = useT();
  usePageTitle(t('repo.title'));
  const session = useSession();
  const docs = useQuery({
    queryKey: papersKeys.repository,
    queryFn: ({ signal }) => api<{ items: RepositoryDocument[] }>('/api/repository/documents', { signal }),
    enabled: !!session.data,
  });
  const kinds = useQuery({
    queryKey: papersKeys.kinds,
    queryFn: ({ signal }) => api<PaperKind[]>('/api/paper-kinds', { signal }),
    staleTime: 60 * 60_000,
  });
  if (session.isPending) return <Loading />;
  if (!session.data)
    return (
      <div className="page page--narrow">
        <h1>{t('repo.title')}</h1>
        <p className="notice notice--info">{t('repo.login')}</p>
        <Link className="button button--primary" to={`/login?returnTo=${encodeURIComponent('/my-repository')}`}>
          {t('user.login')}
        </Link>
      </div>
    );
  return (
    <div className="page" data-testid="repository-page">
      <h1>{t('repo.title')}</h1>
      <p className="muted">{t('repo.intro')}</p>
      {docs.isPending ? (
        <Loading />
      ) : docs.isError ? (
        <ErrorNotice error={docs.error} onRetry={() => void docs.refetch()} />
      ) : docs.data.items.length === 0 ? (
        <Empty>{t('repo.empty')}</Empty>
      ) : (
        <TableWrap label={t('repo.title')}>
          <table className="table" data-testid="repo-table">
            <thead>
              <tr>
                <th scope="col">{t('repo.document')}</th>
                <th scope="col">{t('repo.number')}</th>
                <th scope="col">{t('repo.issuer')}</th>
                <th scope="col">{t('repo.issuedOn')}</th>
                <th scope="col">{t('repo.validUntil')}</th>
                <th scope="col">{t('repo.status')}</th>
              </tr>
            </thead>
            <tbody>
              {docs.data.items.map((d) => (
                <tr key={d.id} data-testid="repo-row">
                  <td>
                    {/* A result is read through its dossier; a digitised paper is the citizen's own upload. */}
                    <a
                      href={d.dossierId ? `/api/dossiers/${d.dossierId}/files/${d.sha256}` : `/api/files/${d.sha256}`}
                      target="_blank"
                      rel="noreferrer"
                    >
                      {d.title}
                    </a>
                    {d.kindName && d.kindName !== d.title && <span className="small muted"> · {d.kindName}</span>}
                    {d.dossierId && (
                      <>
                        {' '}
                        <Link className="small" to={`/my-dossiers/${d.dossierId}`}>
                          {t('repo.fromDossier')}
                        </Link>
                      </>
                    )}
                  </td>
                  <td>{d.number ?? t('app.dash')}</td>
                  <td>{d.issuerName ?? t('app.dash')}</td>
                  <td>{d.issuedOn ?? t('app.dash')}</td>
                  <td>{d.validUntil ?? t('app.dash')}</td>
                  <td>
                    <span className={d.verified ? 'badge' : 'badge badge--muted'}>
                      {d.verified ? t('repo.verified') : t('repo.unverified')}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {kinds.data && <AddDocument kinds={kinds.data} />}
    </div>
  );
}
