/** Small pieces shared by the citizen's and the staff's dossier pages. */
import { useState, type ChangeEvent } from 'react';
import { uploadFile, type DossierStatus, type TimelineEntry, type UploadedFile } from '../../api/dossiers.js';
import { useSession } from '../../auth/session.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { formatInstant } from '../../components/format.js';
import { useLang, useT, type MessageKey } from '../../i18n/index.js';

const TONE: Partial<Record<DossierStatus, string>> = {
  supplement_requested: 'badge--late',
  refused: 'badge--late',
  withdrawn: 'badge--muted',
  suspended: 'badge--muted',
};

export function DossierStatusBadge({
  status,
  late,
  paused,
}: {
  status: DossierStatus;
  late?: boolean;
  paused?: boolean;
}) {
  const t = useT();
  return (
    <>
      <span className={`badge badge--status ${TONE[status] ?? ''}`} data-status={status}>
        {t(`dossier.status.${status}` as MessageKey)}
      </span>
      {late && <span className="badge badge--late">{t('portal.lookup.late')}</span>}
      {paused && <span className="badge badge--muted">{t('os.paused')}</span>}
    </>
  );
}

/** What an action's row says, in words: notes, reasons, the new date, the rating. */
function Details({ d }: { d: Record<string, unknown> }) {
  const t = useT();
  const { lang } = useLang();
  const lines: string[] = [];
  const str = (k: string) => (typeof d[k] === 'string' && d[k] ? (d[k] as string) : null);
  if (str('reason')) lines.push(`${t('os.reason')}: ${str('reason')}`);
  if (Array.isArray(d.reasons)) lines.push(`${t('os.reasons')}: ${(d.reasons as string[]).join('; ')}`);
  if (Array.isArray(d.papers) && d.papers.length)
    lines.push(`${t('os.papersAsked')}: ${(d.papers as string[]).join('; ')}`);
  if (str('opinion')) lines.push(`${t('os.opinion')}: ${str('opinion')}`);
  if (str('stepName')) lines.push(`${t('os.step')}: ${str('stepName')}`);
  if (str('note')) lines.push(str('note')!);
  if (str('newDueAt')) lines.push(`${t('portal.lookup.newDue')}: ${formatInstant(str('newDueAt'), lang)}`);
  if (typeof d.rating === 'number') lines.push(`${t('os.rating')}: ${'★'.repeat(d.rating)}${'☆'.repeat(5 - d.rating)}`);
  if (str('comment')) lines.push(str('comment')!);
  if (!lines.length) return null;
  return (
    <>
      {lines.map((l, i) => (
        <span key={i}>{l}</span>
      ))}
    </>
  );
}

/** The whole history of a dossier, oldest first. `withActors`: staff and the applicant see who did what. */
export function DossierTimeline({
  entries,
  testId,
}: {
  entries: (Pick<TimelineEntry, 'action' | 'at'> & Partial<TimelineEntry> & { status?: DossierStatus })[];
  testId: string;
}) {
  const t = useT();
  const { lang } = useLang();
  return (
    <ol className="timeline" data-testid={testId}>
      {entries.map((e, i) => (
        <li key={e.seq ?? i} className="timeline__item" data-action={e.action}>
          <time className="timeline__date" dateTime={e.at}>
            {formatInstant(e.at, lang)}
          </time>
          <div className="timeline__body">
            <strong>{t(`dossier.action.${e.action}` as MessageKey)}</strong>
            {e.actor && <span className="muted">{e.actor}</span>}
            {(e.toStatus ?? e.status) && (
              <span className="muted small">→ {t(`dossier.status.${(e.toStatus ?? e.status)!}` as MessageKey)}</span>
            )}
            {e.details && <Details d={e.details} />}
          </div>
        </li>
      ))}
    </ol>
  );
}

/**
 * A file chooser that uploads as soon as files are picked and reports their content addresses.
 * The server decides the type from the bytes; its refusal (wrong type, too big) is shown here.
 */
export function FileUpload({
  id,
  label,
  required,
  files,
  onChange,
  error,
  testId,
  hint,
}: {
  id: string;
  label: string;
  required?: boolean;
  files: UploadedFile[];
  onChange: (files: UploadedFile[]) => void;
  error?: string;
  testId?: string;
  hint?: string;
}) {
  const t = useT();
  const { lang } = useLang();
  const csrfToken = useSession().data?.csrfToken ?? null;
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const chosen = Array.from(e.target.files ?? []);
    e.target.value = '';
    if (!chosen.length) return;
    setBusy(true);
    setFailure(null);
    try {
      const done: UploadedFile[] = [];
      for (const f of chosen) done.push({ ...(await uploadFile(f, { csrfToken, lang })), filename: f.name });
      onChange([...files, ...done]);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${error ? 'has-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span aria-hidden="true"> *</span>}
        {required && <span className="visually-hidden"> ({t('os.required')})</span>}
      </label>
      <input
        id={id}
        type="file"
        multiple
        accept=".pdf,.jpg,.jpeg,.png,.webp,.doc,.docx,.xls,.xlsx,.zip,.xml"
        onChange={(e) => void pick(e)}
        disabled={busy}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {hint && (
        <span className="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {busy && <span className="field__hint">{t('os.uploading')}</span>}
      {files.length > 0 && (
        <ul className="plainlist small" data-testid={testId ? `${testId}-files` : undefined}>
          {files.map((f, i) => (
            <li key={f.sha256}>
              <a href={`/api/files/${f.sha256}`} target="_blank" rel="noreferrer">
                {f.filename ?? f.sha256.slice(0, 12)}
              </a>{' '}
              <button
                type="button"
                className="button button--small button--ghost"
                onClick={() => onChange(files.filter((_, j) => j !== i))}
                aria-label={t('os.removeFile', { name: f.filename ?? '' })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <span className="field__error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
      {failure != null && <ErrorNotice error={failure} compact />}
    </div>
  );
}
