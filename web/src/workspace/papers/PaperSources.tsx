/**
 * Where each paper of the dossier came from, for the officer: uploaded, the applicant's repository
 * (verified when the state issued it or an officer checked it), shown at the desk, a national database
 * with the applicant's consent, or the verified identity. A digitised paper is checked here.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { dossierKeys, type DossierDetail } from '../../api/dossiers.js';
import { papersKeys, type PaperProvenance } from '../../api/papers.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { formatInstant } from '../../components/format.js';
import { useLang, useT } from '../../i18n/index.js';

export function PaperSources({ d }: { d: DossierDetail }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: papersKeys.provenance(d.id),
    queryFn: ({ signal }) => api<{ items: PaperProvenance[] }>(`/api/dossiers/${d.id}/papers`, { signal }),
  });
  const verify = useMutation({
    mutationFn: (documentId: string) =>
      api(`/api/repository/documents/${documentId}/verify`, { method: 'POST', body: { dossierId: d.id } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: papersKeys.provenance(d.id) });
      void qc.invalidateQueries({ queryKey: dossierKeys.one(d.id) });
    },
  });
  return (
    <section className="card" aria-labelledby="sources-heading" data-testid="paper-sources">
      <h2 id="sources-heading">{t('papers.sources')}</h2>
      {q.isError ? (
        <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <ul className="plainlist">
          {(q.data?.items ?? []).map((p, i) => (
            <li key={`${p.paperId ?? 'other'}-${i}`} data-testid="paper-source">
              <span>{p.name || t('os.submit.otherPapers')}: </span>
              <span className="badge">{t(`papers.source.${p.source}`)}</span>{' '}
              <span className={p.verified ? 'badge' : 'badge badge--muted'} data-testid="paper-verified">
                {p.verified ? t('repo.verified') : t('repo.unverified')}
              </span>
              {p.document && (
                <div className="small muted">
                  {[p.document.title, p.document.number, p.document.issuerName, p.document.issuedOn]
                    .filter(Boolean)
                    .join(' · ')}
                </div>
              )}
              {p.lookup && (
                <div className="small muted">
                  {t('papers.consentAt', { at: formatInstant(p.lookup.consentedAt, lang) })}
                </div>
              )}
              {p.source === 'repository' && p.document && !p.verified && (
                <button
                  type="button"
                  className="button button--small"
                  disabled={verify.isPending}
                  onClick={() => verify.mutate(p.document!.id)}
                  data-testid="paper-verify"
                >
                  {t('papers.verify')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {verify.isError && <ErrorNotice error={verify.error} />}
    </section>
  );
}
