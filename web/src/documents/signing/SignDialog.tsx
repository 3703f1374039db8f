import { useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useLang, useT } from '../../i18n/index.js';
import { act, type DocDetail, type SigningKey, type SigningRequest } from '../api.js';
import { fmtDate } from '../labels.js';

type Phase = 'choose' | 'starting' | 'waiting' | 'applying' | 'done' | 'failed';
const POLL_MS = 1000;

/**
 * The signing dialog (ký số): the signer picks one of their keys — held by the platform, or a remote signing service
 * (CSC) that asks for approval on the phone — then follows the signature to its end. A platform key signs at once;
 * a remote one is polled until the phone answered. The finished PDF is then applied by the `sign` (the leader) or
 * `seal` (the agency's signature, which issues the document) action.
 */
export function SignDialog({ doc, kind, onClose }: { doc: DocDetail; kind: 'person' | 'agency'; onClose: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const ref = useRef<HTMLDialogElement>(null);
  const keys = useQuery({
    queryKey: ['documents', 'signing-keys', doc.id, kind],
    queryFn: ({ signal }) =>
      api<{ keys: SigningKey[] }>(`/api/documents/${doc.id}/signing-keys`, { query: { kind }, signal }),
  });
  const [keyId, setKeyId] = useState('');
  const [phase, setPhase] = useState<Phase>('choose');
  const [request, setRequest] = useState<SigningRequest | null>(null);
  const [error, setError] = useState<unknown>(null);
  const action = kind === 'person' ? 'sign' : 'seal';
  const chosen = keys.data?.keys.find((k) => k.id === keyId) ?? keys.data?.keys[0];

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  // A remote signature: ask how it stands until the signer's phone has answered.
  useEffect(() => {
    if (phase !== 'waiting' || !request) return;
    const ctl = new AbortController();
    const timer = setInterval(() => {
      api<{ request: SigningRequest }>(`/api/documents/${doc.id}/signing-requests/${request.id}`, {
        signal: ctl.signal,
      })
        .then(({ request: r }) => {
          if (r.status === 'pending') return;
          setRequest(r);
          if (r.status === 'ready') void apply(r);
          else setPhase('failed');
        })
        .catch((e: unknown) => {
          if (!ctl.signal.aborted) {
            setError(e);
            setPhase('failed');
          }
        });
    }, POLL_MS);
    return () => {
      clearInterval(timer);
      ctl.abort();
    };
    // `apply` reads only the document's id and the action, both fixed for the dialog's life.
  }, [phase, request?.id, doc.id]);

  async function apply(r: SigningRequest) {
    setPhase('applying');
    try {
      await act(doc.id, action, { signingRequestId: r.id, clientTransactionId: `sign-${r.id}` });
      await qc.invalidateQueries({ queryKey: ['documents'] });
      setPhase('done');
    } catch (e) {
      setError(e);
      setPhase('failed');
    }
  }

  async function start() {
    if (!chosen) return;
    setError(null);
    setPhase('starting');
    try {
      const { request: r } = await api<{ request: SigningRequest }>(`/api/documents/${doc.id}/signing-requests`, {
        method: 'POST',
        body: { kind, keyId: chosen.id },
      });
      setRequest(r);
      if (r.status === 'ready') await apply(r);
      else if (r.status === 'pending') setPhase('waiting');
      else setPhase('failed');
    } catch (e) {
      setError(e);
      setPhase('failed');
    }
  }

  const busy = phase === 'starting' || phase === 'waiting' || phase === 'applying';
  const titleId = `sign-dialog-title-${kind}`;
  return (
    <dialog
      ref={ref}
      className="card sign-dialog"
      aria-labelledby={titleId}
      aria-busy={busy}
      data-testid="sign-dialog"
      data-phase={phase}
      onClose={onClose}
      onCancel={(e) => {
        // A signature under way is not abandoned by Escape: the phone may still answer.
        if (busy) e.preventDefault();
      }}
    >
      <h2 id={titleId}>{kind === 'person' ? t('doc.sign.title') : t('doc.sign.sealTitle')}</h2>
      <p className="muted">
        {doc.numberSymbol ? `${doc.numberSymbol} — ` : ''}
        {doc.summary}
      </p>
      {keys.isError && <ErrorNotice error={keys.error} onRetry={() => void keys.refetch()} />}
      {keys.data && !keys.data.keys.length && (
        <p role="alert" data-testid="sign-no-key">
          {t('doc.sign.noKey')}
        </p>
      )}
      {keys.data && keys.data.keys.length > 0 && (phase === 'choose' || phase === 'failed') && (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <fieldset className="radios">
            <legend>{t('doc.sign.chooseKey')}</legend>
            {keys.data.keys.map((k) => (
              <label key={k.id} className="radio">
                <input
                  type="radio"
                  name="signing-key"
                  value={k.id}
                  checked={chosen?.id === k.id}
                  onChange={() => setKeyId(k.id)}
                  data-testid={`sign-key-${k.method}`}
                />
                <span>
                  <strong>{k.method === 'csc' ? t('doc.sign.method.csc') : t('doc.sign.method.platform')}</strong>
                  <span>{k.label}</span>
                  <span className="muted">
                    {k.subject} — {t('doc.sign.validUntil', { date: fmtDate(k.notAfter, lang) })}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          {phase === 'failed' && (
            <div role="alert" data-testid="sign-failed">
              <p>{request?.status === 'refused' ? t('doc.sign.refused') : t('doc.sign.failed')}</p>
              {request?.error && <p className="muted">{request.error}</p>}
              {error ? <ErrorNotice error={error} /> : null}
            </div>
          )}
          <div className="actions-row">
            <button type="submit" className="primary" data-testid="sign-start">
              {kind === 'person' ? t('doc.sign.start') : t('doc.sign.sealStart')}
            </button>
            <button type="button" onClick={() => ref.current?.close()}>
              {t('doc.sign.cancel')}
            </button>
          </div>
        </form>
      )}
      {busy && (
        <div role="status" aria-live="polite" data-testid="sign-progress">
          <p>
            {phase === 'waiting'
              ? t('doc.sign.waiting')
              : phase === 'applying'
                ? t('doc.sign.applying')
                : t('doc.sign.starting')}
          </p>
          <progress aria-label={t('doc.sign.progress')} />
        </div>
      )}
      {phase === 'done' && (
        <div role="status" aria-live="polite" data-testid="sign-done">
          <p>
            <strong>{kind === 'person' ? t('doc.sign.done') : t('doc.sign.sealDone')}</strong>{' '}
            {request?.method === 'csc' ? t('doc.sign.method.csc') : t('doc.sign.method.platform')}
            {request?.timestampTime
              ? ` — ${t('doc.sign.timestamped', { date: fmtDate(request.timestampTime, lang) })}`
              : ''}
          </p>
          <button type="button" className="primary" onClick={() => ref.current?.close()} data-testid="sign-close">
            {t('doc.sign.close')}
          </button>
        </div>
      )}
      {(keys.isPending || (keys.data && !keys.data.keys.length)) && (
        <div className="actions-row">
          <button type="button" onClick={() => ref.current?.close()}>
            {t('doc.sign.close')}
          </button>
        </div>
      )}
    </dialog>
  );
}
