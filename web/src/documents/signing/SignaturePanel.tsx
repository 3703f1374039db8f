import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useLang, useT, type MessageKey } from '../../i18n/index.js';
import type { SignaturesReport } from '../api.js';
import { fmtDate } from '../labels.js';

const indicationKey = (i: string) => `doc.sig.indication.${i}` as MessageKey;

/** The signatures on the document's current PDF, as the server's verifier reads them (the report kept with the document). */
export function SignaturePanel({ documentId, pdfSha256 }: { documentId: string; pdfSha256: string }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const key = ['documents', 'signatures', documentId, pdfSha256];
  const report = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<SignaturesReport>(`/api/documents/${documentId}/signatures`, { signal }),
  });
  const verify = useMutation({
    mutationFn: () => api<{ pdfSha256: string }>(`/api/documents/${documentId}/signatures/verify`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
  const sigs = report.data?.report?.signatures ?? [];
  return (
    <section
      aria-labelledby="doc-sig-h"
      data-testid="doc-signatures"
      data-indication={report.data?.report?.indication ?? ''}
    >
      <h2 id="doc-sig-h">{t('doc.sig.title')}</h2>
      {report.isError && <ErrorNotice error={report.error} onRetry={() => void report.refetch()} />}
      {report.isPending && <p className="muted">{t('doc.sig.loading')}</p>}
      {report.data && !sigs.length && <p className="muted">{t('doc.sig.none')}</p>}
      {sigs.length > 0 && (
        <>
          <p data-testid="doc-sig-overall">
            {t('doc.sig.overall')}: <strong>{t(indicationKey(report.data!.report!.indication))}</strong>
            {report.data!.report!.modifiedAfterLastSignature ? ` — ${t('doc.sig.modified')}` : ''}
          </p>
          <ol data-testid="doc-sig-list">
            {sigs.map((s, i) => (
              <li key={i} data-indication={s.indication}>
                <strong>{s.signer?.commonName ?? s.signer?.subject ?? '—'}</strong> — {t(indicationKey(s.indication))}
                <div className="muted">
                  {t('doc.sig.time')}: {fmtDate(s.timestamp.genTime ?? s.claimedTime, lang)}
                  {s.timestamp.present ? ` · ${t('doc.sig.timestamp')}` : ''}
                  {s.chainTrusted ? ` · ${t('doc.sig.trusted')}` : ` · ${t('doc.sig.untrusted')}`}
                  {s.level ? ` · ${t('doc.sig.level', { level: s.level })}` : ''}
                </div>
                {s.reasons.length > 0 && (
                  <ul className="muted">
                    {s.reasons.map((r, j) => (
                      <li key={j}>{r[lang]}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
      {verify.isError && <ErrorNotice error={verify.error} />}
      <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending} data-testid="doc-sig-verify">
        {t('doc.sig.verify')}
      </button>
    </section>
  );
}
