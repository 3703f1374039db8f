import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client.js';
import {
  categoryName,
  feedbackApi,
  feedbackKeys,
  FeedbackApiError,
  reporterTicket,
  type Category,
  type DuplicateCandidate,
  type SubmitBody,
  type SubmitResult,
} from '../api/feedback.js';
import { useSession } from '../auth/session.js';
import { Field, fieldErrorOf } from '../admin/Field.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatInstant } from '../components/format.js';
import { Loading } from '../components/States.js';
import { useToast } from '../components/Toast.js';
import { ReportMap, useUnitsGeo, type MapPoint } from '../components/map/ReportMap.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { PhoneStep } from './reports/PhoneStep.js';
import { PhotoPicker, StatusBadge, type PickedPhoto } from './reports/parts.js';

/** A new field report: category, description, photos, a point on the map; a logged-in citizen or a confirmed phone. */
export default function ReportNewPage() {
  const t = useT();
  usePageTitle(t('feedback.new'));
  const session = useSession();
  const [hasTicket, setHasTicket] = useState(() => reporterTicket.get() !== null);
  if (session.isPending) return <Loading />;
  const who = session.data ? 'account' : hasTicket ? 'phone' : null;
  return (
    <div className="page page--narrow">
      <p className="crumbs">
        <Link to="/reports">← {t('portal.reports.title')}</Link>
      </p>
      <h1>{t('feedback.new')}</h1>
      {who === null ? <PhoneStep onDone={() => setHasTicket(true)} returnTo="/reports/new" /> : <ReportForm />}
    </div>
  );
}

function ReportForm() {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const session = useSession();
  const [category, setCategory] = useState('');
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [point, setPoint] = useState<MapPoint | null>(null);
  const [candidates, setCandidates] = useState<DuplicateCandidate[] | null>(null);
  const categories = useQuery({
    queryKey: feedbackKeys.categories,
    queryFn: ({ signal }) => api<Category[]>('/api/feedback/categories', { signal }),
    staleTime: 5 * 60_000,
  });

  const submit = useMutation({
    mutationFn: (extra: Pick<SubmitBody, 'confirmNew' | 'joinReportId'>) => {
      const body: SubmitBody = {
        category,
        description: description.trim(),
        lat: point!.lat,
        lng: point!.lng,
        photos: photos.map((p) => p.sha256),
        ...extra,
      };
      if (address.trim()) body.address = address.trim();
      return feedbackApi<SubmitResult>('/api/feedback/reports', {
        method: 'POST',
        body,
        csrfToken: session.data?.csrfToken ?? null,
        lang,
      });
    },
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: feedbackKeys.all });
      for (const p of photos) URL.revokeObjectURL(p.preview);
      toast.success(
        r.joined ? t('feedback.joined', { id: r.report.publicId }) : t('feedback.sent', { id: r.report.publicId }),
      );
      navigate(`/reports/${encodeURIComponent(r.report.publicId)}`);
    },
    onError: (e) => {
      // Open reports of the same kind are near: the reporter chooses to follow one or to send anyway.
      if (e instanceof FeedbackApiError && e.code === 'possible-duplicate') setCandidates(e.candidates);
    },
  });

  const missing = !category || description.trim().length < 3 || !point || photos.length === 0;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (missing) return;
    setCandidates(null);
    submit.mutate({});
  };
  const err = submit.error;
  const showError = err && !(err instanceof FeedbackApiError && err.code === 'possible-duplicate');

  return (
    <form className="form form--boxed" onSubmit={onSubmit} noValidate aria-describedby="report-form-hint">
      <p id="report-form-hint" className="muted small">
        {t('feedback.formHint')}
      </p>
      <Field
        id="report-category-input"
        label={`${t('feedback.category')} *`}
        error={fieldErrorOf(err, 'category', lang)}
      >
        <select
          id="report-category-input"
          value={category}
          onChange={(e) => setCategory(e.target.value)}
          required
          data-testid="report-category"
        >
          <option value="">{categories.isPending ? t('app.loading') : t('feedback.chooseCategory')}</option>
          {(categories.data ?? []).map((c) => (
            <option key={c.code} value={c.code}>
              {categoryName(c, lang)}
              {(lang === 'en' ? c.descriptionEn : c.descriptionVi)
                ? ` — ${lang === 'en' ? c.descriptionEn : c.descriptionVi}`
                : ''}
            </option>
          ))}
        </select>
      </Field>
      {categories.isError && <ErrorNotice error={categories.error} onRetry={() => void categories.refetch()} compact />}
      <Field
        id="report-description"
        label={`${t('feedback.description')} *`}
        hint={t('feedback.descriptionHint')}
        error={fieldErrorOf(err, 'description', lang)}
      >
        <textarea
          id="report-description"
          rows={4}
          maxLength={4000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          required
          data-testid="report-description"
        />
      </Field>
      <PhotoPicker id="report-photos" value={photos} onChange={setPhotos} required />
      <fieldset className="fieldset">
        <legend>{t('feedback.location')} *</legend>
        <ReportMap
          pick={{ value: point, onPick: setPoint }}
          label={t('feedback.pickLabel')}
          testId="report-pick-map"
          height={320}
        />
        <PlaceNote point={point} />
        {fieldErrorOf(err, 'lat', lang) && (
          <p className="field__error" role="alert">
            {fieldErrorOf(err, 'lat', lang)}
          </p>
        )}
      </fieldset>
      <Field
        id="report-address"
        label={t('feedback.address')}
        hint={t('feedback.addressHint')}
        error={fieldErrorOf(err, 'address', lang)}
      >
        <input
          id="report-address"
          value={address}
          maxLength={500}
          onChange={(e) => setAddress(e.target.value)}
          data-testid="report-address"
        />
      </Field>

      {candidates && (
        <section className="notice notice--warning" aria-labelledby="dup-heading" data-testid="report-duplicates">
          <p className="notice__title" id="dup-heading">
            {t('feedback.dupTitle', { n: candidates.length })}
          </p>
          <p>{t('feedback.dupBody')}</p>
          <ul className="list">
            {candidates.map((c) => (
              <li key={c.id} className="list__item">
                <div className="list__main">
                  <Link className="list__title" to={`/reports/${encodeURIComponent(c.publicId)}`} target="_blank">
                    {c.publicId}
                  </Link>
                  <span>{c.description}</span>
                  <span className="small muted">
                    {t('feedback.distance', { m: Math.round(c.distanceM) })} · {formatInstant(c.createdAt, lang)} ·{' '}
                    <StatusBadge status={c.status} />
                  </span>
                </div>
                <button
                  type="button"
                  className="button button--small button--secondary"
                  disabled={submit.isPending}
                  onClick={() => submit.mutate({ joinReportId: c.id })}
                  data-testid={`report-join-${c.publicId}`}
                >
                  {t('feedback.join')}
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="button button--primary"
            disabled={submit.isPending}
            onClick={() => submit.mutate({ confirmNew: true })}
            data-testid="report-confirm-new"
          >
            {t('feedback.confirmNew')}
          </button>
        </section>
      )}
      {showError && <ErrorNotice error={err} />}
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={submit.isPending || missing}
          data-testid="report-submit"
        >
          {submit.isPending ? t('feedback.sending') : t('feedback.send')}
        </button>
        {missing && <span className="small muted">{t('feedback.missing')}</span>}
      </div>
    </form>
  );
}

/** Which commune or ward the picked point is in, or a warning when it is outside the province. */
function PlaceNote({ point }: { point: MapPoint | null }) {
  const t = useT();
  const geo = useUnitsGeo();
  const place = useQuery({
    queryKey: ['geo', 'locate', point?.lat, point?.lng],
    queryFn: ({ signal }) =>
      api<{ inside: boolean; unitCode: string | null }>('/api/geo/locate', {
        query: { lat: point!.lat, lng: point!.lng },
        signal,
      }),
    enabled: !!point,
    staleTime: Infinity,
  });
  if (!point || !place.data) return null;
  if (!place.data.inside)
    return (
      <p className="notice notice--warning notice--compact" role="status" data-testid="report-place">
        {t('feedback.outside')}
      </p>
    );
  const unit = geo.data?.features.find((f) => (f.properties as { code?: string } | null)?.code === place.data.unitCode);
  const name = (unit?.properties as { name?: string } | undefined)?.name ?? place.data.unitCode ?? '';
  return (
    <p className="small" role="status" data-testid="report-place">
      {t('feedback.inUnit', { name })}
    </p>
  );
}
