import { useRef, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import {
  STATUS_COLOURS,
  uploadPhoto,
  type ReportDetail,
  type TimelineEntry,
  type UploadedPhoto,
} from '../../api/feedback.js';
import { useSession } from '../../auth/session.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { formatInstant } from '../../components/format.js';
import { pick, useLang, useT, type MessageKey } from '../../i18n/index.js';

const STATUS_KEYS = new Set(['new', 'in_progress', 'info_requested', 'resolved', 'rejected', 'merged']);
export const statusKey = (s: string) => (STATUS_KEYS.has(s) ? (`feedback.status.${s}` as MessageKey) : null);

export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  const key = statusKey(status);
  return (
    <span
      className="badge badge--status"
      style={{ borderColor: STATUS_COLOURS[status] ?? undefined, color: STATUS_COLOURS[status] ?? undefined }}
      data-status={status}
    >
      {key ? t(key) : status}
    </span>
  );
}

const ACTION_KEYS = new Set([
  'submit',
  'join',
  'accept',
  'transfer',
  'reject',
  'request-info',
  'provide-info',
  'assign',
  'resolve',
  'reopen',
  'rate',
  'merge',
  'absorb',
  'escalate',
]);
export const actionLabelKey = (a: string) => (ACTION_KEYS.has(a) ? (`feedback.action.${a}` as MessageKey) : null);

/** The report's public timeline: who acted only as a role (the reporter, an agency), never a person. */
export function ReportTimeline({ report }: { report: Pick<ReportDetail, 'timeline'> }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <ol className="timeline" data-testid="report-timeline">
      {report.timeline.map((e) => (
        <li key={e.id} className="timeline__item" data-testid={`timeline-${e.action}`}>
          <span className="timeline__date small">{formatInstant(e.at, lang)}</span>
          <div className="timeline__body">
            <strong>{actionLabelKey(e.action) ? t(actionLabelKey(e.action)!) : e.action}</strong>
            <span className="small muted">
              {e.by === 'reporter'
                ? t('feedback.by.reporter')
                : e.by === 'system'
                  ? t('feedback.by.system')
                  : (e.agency ?? t('feedback.by.agency'))}
              {e.fromStatus !== e.toStatus && statusKey(e.toStatus) ? ` · ${t(statusKey(e.toStatus)!)}` : ''}
            </span>
            <EntryDetails entry={e} />
            {e.photos.length > 0 && <PhotoStrip urls={e.photos} />}
          </div>
        </li>
      ))}
    </ol>
  );
}

function EntryDetails({ entry }: { entry: TimelineEntry }) {
  const t = useT();
  const d = entry.details;
  const s = (k: string) => (typeof d[k] === 'string' || typeof d[k] === 'number' ? String(d[k]) : null);
  const rows: [MessageKey, string][] = [];
  if (s('toAgency')) rows.push(['feedback.detail.toAgency', s('toAgency')!]);
  if (s('reason')) rows.push(['feedback.detail.reason', s('reason')!]);
  if (s('question')) rows.push(['feedback.detail.question', s('question')!]);
  if (s('answer')) rows.push(['feedback.detail.answer', s('answer')!]);
  if (s('note')) rows.push(['feedback.detail.note', s('note')!]);
  if (s('duplicateOf')) rows.push(['feedback.detail.duplicateOf', s('duplicateOf')!]);
  if (s('mergedInto')) rows.push(['feedback.detail.mergedInto', s('mergedInto')!]);
  if (s('rating')) rows.push(['feedback.detail.rating', `${s('rating')}/5`]);
  if (!rows.length) return null;
  return (
    <dl className="details small">
      {rows.map(([k, v]) => (
        <div key={k} className="details__pair">
          <dt>{t(k)}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function PhotoStrip({ urls }: { urls: string[] }) {
  const t = useT();
  return (
    <ul className="photostrip">
      {urls.map((u, i) => (
        <li key={u}>
          <a href={u} target="_blank" rel="noreferrer">
            <img src={u} alt={t('feedback.photoAlt', { n: i + 1 })} loading="lazy" />
          </a>
        </li>
      ))}
    </ul>
  );
}

/**
 * Choose photos: each is uploaded at once (the report refers to it by hash), shown as a thumbnail of
 * the server's public copy, and can be removed before sending.
 */
/** An uploaded photo with a local preview (an anonymous reporter's upload is not served back before it is attached). */
export type PickedPhoto = UploadedPhoto & { preview: string };

export function PhotoPicker({
  id,
  value,
  onChange,
  max = 5,
  required,
}: {
  id: string;
  value: PickedPhoto[];
  onChange: (p: PickedPhoto[]) => void;
  max?: number;
  required?: boolean;
}) {
  const t = useT();
  const { lang } = useLang();
  const session = useSession();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(value);
  latest.current = value;
  const upload = useMutation({
    mutationFn: async (files: File[]) => {
      const out: PickedPhoto[] = [];
      for (const f of files)
        out.push({
          ...(await uploadPhoto(f, { csrfToken: session.data?.csrfToken ?? null, lang })),
          preview: URL.createObjectURL(f),
        });
      return out;
    },
    onSuccess: (added) => {
      setError(null);
      onChange([...latest.current, ...added].slice(0, max));
    },
    onError: setError,
  });
  return (
    <div className="field">
      <label htmlFor={id}>
        {t('feedback.photos')} {required ? '*' : ''}
      </label>
      <input
        ref={input}
        id={id}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        multiple
        disabled={upload.isPending || value.length >= max}
        data-testid={`${id}-input`}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []).slice(0, max - value.length);
          if (files.length) upload.mutate(files);
          e.currentTarget.value = '';
        }}
      />
      <span className="field__hint" id={`${id}-hint`}>
        {upload.isPending ? t('feedback.uploading') : t('feedback.photosHint', { max })}
      </span>
      {error ? <ErrorNotice error={error} compact /> : null}
      {value.length > 0 && (
        <ul className="photostrip" data-testid={`${id}-thumbs`}>
          {value.map((p, i) => (
            <li key={p.sha256}>
              <img src={p.preview} alt={t('feedback.photoAlt', { n: i + 1 })} />
              <button
                type="button"
                className="button button--small button--ghost"
                onClick={() => {
                  URL.revokeObjectURL(p.preview);
                  onChange(value.filter((x) => x.sha256 !== p.sha256));
                }}
              >
                {t('feedback.removePhoto')}
                <span className="visually-hidden"> {i + 1}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function CategoryName({ name }: { name: { vi: string; en: string } }) {
  const { lang } = useLang();
  return <>{pick(name, lang)}</>;
}
