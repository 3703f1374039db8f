import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { ListSkeleton } from '../components/States.js';
import { useLang, usePageTitle, useT } from '../i18n/index.js';
import { ActionForm, hasForm } from './ActionForms.js';
import type { DocAssignment, DocDetail } from './api.js';
import { actionKey, fmtDate, statusKey } from './labels.js';
import { PdfView } from './PdfView.js';
import { SignDialog } from './signing/SignDialog.js';
import { SignaturePanel } from './signing/SignaturePanel.js';
import { ExchangePanel, ReceivedExchangePanel } from './exchange/ExchangePanel.js';

/** Actions done through the signing dialog rather than a form: the kind of signature each makes. */
const SIGNING: Record<string, 'person' | 'agency'> = { sign: 'person', seal: 'agency' };
const SIGNED_STATES = ['numbered', 'signed', 'issued', 'sent'];

/** One document: its register fields, its PDF, its handling tree, its versions and log, and what the caller may do now. */
export default function DocumentPage() {
  const { id = '' } = useParams();
  const t = useT();
  const { lang } = useLang();
  const doc = useQuery({
    queryKey: ['documents', 'one', id],
    queryFn: ({ signal }) => api<DocDetail>(`/api/documents/${id}`, { signal }),
  });
  usePageTitle(doc.data ? (doc.data.numberSymbol ?? doc.data.summary) : t('doc.title'));
  const [open, setOpen] = useState<string | null>(null);
  const [signing, setSigning] = useState<'person' | 'agency' | null>(null);
  if (doc.isPending)
    return (
      <div className="page">
        <ListSkeleton rows={6} />
      </div>
    );
  if (doc.isError)
    return (
      <div className="page">
        <ErrorNotice error={doc.error} onRetry={() => void doc.refetch()} />
      </div>
    );
  const d = doc.data;
  const tree = (role: DocAssignment['role']) => d.assignments.filter((a) => a.active && a.role === role);
  return (
    <div className="page" data-testid="doc-page" data-status={d.status}>
      <h1>
        {d.direction === 'incoming' ? t('doc.incoming') : t('doc.outgoing')}
        {d.numberSymbol ? ` ${d.numberSymbol}` : ''}
      </h1>
      <p className="lead">{d.summary}</p>
      <dl className="facts" data-testid="doc-facts">
        <dt>{t('doc.col.status')}</dt>
        <dd data-testid="doc-status">{t(statusKey(d.status))}</dd>
        <dt>{t('doc.search.type')}</dt>
        <dd>{d.typeName}</dd>
        {d.direction === 'incoming' ? (
          <>
            <dt>{t('doc.incoming.sender')}</dt>
            <dd>
              {d.senderName ?? '—'}
              {d.originalNumberSymbol ? ` — ${d.originalNumberSymbol}` : ''}
            </dd>
            <dt>{t('doc.col.due')}</dt>
            <dd className={d.late ? 'late' : undefined}>
              {fmtDate(d.dueAt, lang)}
              {d.late ? ` (${t('doc.late')})` : ''}
            </dd>
            {d.receivedVia && (
              <>
                <dt>{t('doc.receivedVia')}</dt>
                <dd data-testid="doc-received-via">
                  {t(`doc.receivedVia.${d.receivedVia}` as 'doc.receivedVia.paper')}
                </dd>
              </>
            )}
          </>
        ) : (
          <>
            <dt>{t('doc.form.signer')}</dt>
            <dd>{[d.signerCapacity, d.signerTitle, d.signerName].filter(Boolean).join(' — ') || '—'}</dd>
            <dt>{t('doc.draft.recipients')}</dt>
            <dd>{d.recipients.map((r) => r.name).join('; ') || '—'}</dd>
            <dt>{t('doc.version')}</dt>
            <dd>{d.version}</dd>
          </>
        )}
        {d.textState === 'scanned' && (
          <>
            <dt>{t('doc.textState')}</dt>
            <dd>{t('doc.scanned')}</dd>
          </>
        )}
      </dl>

      {d.allowedActions.length > 0 && (
        <section aria-labelledby="doc-actions-h" className="card">
          <h2 id="doc-actions-h">{t('doc.actions')}</h2>
          <div className="actions-row">
            {d.allowedActions
              .filter((a) => a in SIGNING)
              .map((a) => (
                <button
                  key={a}
                  type="button"
                  className="primary"
                  aria-haspopup="dialog"
                  onClick={() => setSigning(SIGNING[a]!)}
                  data-testid={`doc-open-${a}`}
                >
                  {t(actionKey(a))}
                </button>
              ))}
            {d.allowedActions.filter(hasForm).map((a) => (
              <button
                key={a}
                type="button"
                className={open === a ? 'primary' : undefined}
                aria-expanded={open === a}
                onClick={() => setOpen(open === a ? null : a)}
                data-testid={`doc-open-${a}`}
              >
                {t(actionKey(a))}
              </button>
            ))}
          </div>
          {open && <ActionForm key={open} doc={d} action={open} onDone={() => setOpen(null)} />}
        </section>
      )}
      {/* Outside the actions: the seal issues the document, and the dialog still shows its result after. */}
      {signing && <SignDialog key={signing} doc={d} kind={signing} onClose={() => setSigning(null)} />}

      {d.direction === 'incoming' && ['assigned', 'in_progress'].includes(d.status) && (
        <p>
          <Link to={`/workspace/documents/drafts/new?inReplyTo=${d.id}`} data-testid="doc-reply">
            {t('doc.reply')}
          </Link>
        </p>
      )}

      {d.pdfSha256 &&
        (d.direction === 'outgoing' ? SIGNED_STATES.includes(d.status) : d.receivedVia === 'exchange') && (
          <SignaturePanel documentId={d.id} pdfSha256={d.pdfSha256} />
        )}
      {d.direction === 'outgoing' && d.sentAt && <ExchangePanel doc={d} />}
      {d.direction === 'incoming' && d.receivedVia === 'exchange' && <ReceivedExchangePanel doc={d} />}

      {d.pdfSha256 ? (
        <section aria-labelledby="doc-pdf-h">
          <h2 id="doc-pdf-h">{t('doc.pdf')}</h2>
          <PdfView url={`/api/documents/${d.id}/pdf?v=${d.pdfSha256.slice(0, 12)}`} title={d.summary} />
        </section>
      ) : d.direction === 'outgoing' ? (
        <p>
          <a href={`/api/documents/${d.id}/preview.pdf`} target="_blank" rel="noreferrer" data-testid="doc-preview">
            {t('doc.preview')}
          </a>
        </p>
      ) : null}

      {d.direction === 'incoming' && (
        <section aria-labelledby="doc-tree-h">
          <h2 id="doc-tree-h">{t('doc.tree')}</h2>
          <ul className="tree" data-testid="doc-tree">
            {(['lead', 'co', 'reader'] as const).map((role) => (
              <li key={role}>
                <strong>{t(`doc.role.${role}`)}</strong>:{' '}
                {tree(role)
                  .map((a) => a.displayName)
                  .join(', ') || '—'}
                {role === 'lead' && tree('lead')[0]?.instruction ? (
                  <div className="muted">
                    {t('doc.form.instruction')}: {tree('lead')[0]!.instruction}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      )}

      {d.direction === 'outgoing' && d.versions.length > 0 && (
        <section aria-labelledby="doc-versions-h">
          <h2 id="doc-versions-h">{t('doc.versions')}</h2>
          <ol data-testid="doc-versions">
            {d.versions.map((v) => (
              <li key={v.version}>
                {t('doc.version')} {v.version} — {fmtDate(v.createdAt, lang)}
                {v.note ? ` — ${v.note}` : ''}
              </li>
            ))}
          </ol>
        </section>
      )}

      <section aria-labelledby="doc-log-h">
        <h2 id="doc-log-h">{t('doc.log')}</h2>
        <ol className="timeline" data-testid="doc-log">
          {d.actions.map((a) => (
            <li key={a.seq}>
              <strong>{t(actionKey(a.action))}</strong> — {a.actorLabel} — {fmtDate(a.at, lang)}
              {typeof a.details.note === 'string' && <div className="muted">{a.details.note}</div>}
              {typeof a.details.text === 'string' && <div className="muted">{a.details.text}</div>}
              {typeof a.details.reason === 'string' && <div className="muted">{a.details.reason}</div>}
              {typeof a.details.instruction === 'string' && <div className="muted">{a.details.instruction}</div>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
