import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, isMissingRoute } from '../api/client.js';
import { keys, type OfficeHours } from '../api/directory.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { ComingSoon, Loading } from '../components/States.js';
import { useToast } from '../components/Toast.js';
import { useLang, useT, type MessageKey } from '../i18n/index.js';
import { fieldErrorOf } from './Field.js';

const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const MAX_SESSIONS = 4;

/** Office hours (giờ hành chính): which weekdays are worked and the sessions of a working day. */
export function OfficeHoursSection() {
  const t = useT();
  const hours = useQuery({
    queryKey: keys.officeHours,
    queryFn: ({ signal }) => api<OfficeHours>('/api/calendar/office-hours', { signal }),
    retry: false,
  });
  return (
    <section className="card" aria-labelledby="office-hours-heading" data-testid="office-hours">
      <h2 id="office-hours-heading">{t('officeHours.title')}</h2>
      <p className="muted small">{t('officeHours.intro')}</p>
      {hours.isPending ? (
        <Loading />
      ) : hours.isError ? (
        isMissingRoute(hours.error) ? (
          <ComingSoon />
        ) : (
          <ErrorNotice error={hours.error} onRetry={() => void hours.refetch()} />
        )
      ) : (
        <OfficeHoursForm key={JSON.stringify(hours.data)} initial={hours.data} />
      )}
    </section>
  );
}

/** `HH:MM` plus some minutes, kept within the day. */
function laterBy(clock: string, minutes: number): string {
  const [h = 0, m = 0] = clock.split(':').map(Number);
  const total = Math.min(h * 60 + m + minutes, 23 * 60 + 59);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** A session that ends before it starts, or overlaps the one before, is caught before asking the server. */
function localProblems(h: OfficeHours): { days?: MessageKey; sessions: (MessageKey | undefined)[] } {
  const sessions = h.sessions.map((s, i): MessageKey | undefined => {
    if (!s.start || !s.end) return 'officeHours.errRequired';
    if (s.end <= s.start) return 'officeHours.errOrder';
    const prev = h.sessions[i - 1];
    if (prev && prev.end && s.start < prev.end) return 'officeHours.errOverlap';
    return undefined;
  });
  return { days: h.days.length === 0 ? 'officeHours.errDays' : undefined, sessions };
}

function OfficeHoursForm({ initial }: { initial: OfficeHours }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const toast = useToast();
  const [h, setH] = useState<OfficeHours>(initial);
  const [checked, setChecked] = useState(false);
  const save = useMutation({
    mutationFn: (body: OfficeHours) => api<OfficeHours>('/api/calendar/office-hours', { method: 'PUT', body }),
    onSuccess: (saved) => {
      qc.setQueryData(keys.officeHours, saved);
      void qc.invalidateQueries({ queryKey: ['calendar'] });
      toast.success(t('officeHours.saved'));
    },
  });
  const local = localProblems(h);
  const toggleDay = (d: number) =>
    setH((x) => ({ ...x, days: x.days.includes(d) ? x.days.filter((y) => y !== d) : [...x.days, d].sort() }));
  const setSession = (i: number, k: 'start' | 'end', v: string) =>
    setH((x) => ({ ...x, sessions: x.sessions.map((s, j) => (j === i ? { ...s, [k]: v } : s)) }));
  const addSession = () =>
    setH((x) => {
      const last = x.sessions[x.sessions.length - 1];
      const start = last?.end ?? '07:30';
      return { ...x, sessions: [...x.sessions, { start, end: laterBy(start, 60) }] };
    });
  const removeSession = (i: number) => setH((x) => ({ ...x, sessions: x.sessions.filter((_, j) => j !== i) }));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (local.days || local.sessions.some(Boolean) || h.sessions.length === 0) return;
    save.mutate({ days: [...h.days].sort(), sessions: h.sessions });
  };
  const daysError = (checked && local.days ? t(local.days) : undefined) ?? fieldErrorOf(save.error, 'days', lang);
  const sessionsError = fieldErrorOf(save.error, 'sessions', lang, true);
  const sessionError = (i: number) =>
    (checked && local.sessions[i] ? t(local.sessions[i]) : undefined) ??
    fieldErrorOf(save.error, `sessions/${i}`, lang);

  return (
    <form className="form" onSubmit={onSubmit} data-testid="office-hours-form" noValidate>
      <fieldset
        className={daysError ? 'fieldset has-error' : 'fieldset'}
        aria-describedby={daysError ? 'oh-days-error' : undefined}
      >
        <legend>{t('officeHours.days')}</legend>
        <div className="daypicker">
          {DAYS.map((d) => (
            <label key={d} className="daypicker__day">
              <input
                type="checkbox"
                checked={h.days.includes(d)}
                onChange={() => toggleDay(d)}
                data-testid={`oh-day-${d}`}
              />
              <span>{t(`weekday.${d}` as MessageKey)}</span>
            </label>
          ))}
        </div>
        {daysError && (
          <span className="field__error" id="oh-days-error" role="alert">
            {daysError}
          </span>
        )}
      </fieldset>
      <fieldset className={sessionsError ? 'fieldset has-error' : 'fieldset'}>
        <legend>{t('officeHours.sessions')}</legend>
        <ol className="sessions">
          {h.sessions.map((s, i) => {
            const error = sessionError(i);
            const n = i + 1;
            return (
              <li
                key={i}
                className={error ? 'sessions__row has-error' : 'sessions__row'}
                data-testid={`oh-session-${i}`}
              >
                <span className="sessions__label">{t('officeHours.session', { n })}</span>
                <div className="field field--inline">
                  <label htmlFor={`oh-start-${i}`}>{t('officeHours.start')}</label>
                  <input
                    id={`oh-start-${i}`}
                    type="time"
                    required
                    value={s.start}
                    onChange={(e) => setSession(i, 'start', e.target.value)}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `oh-session-${i}-error` : undefined}
                    data-testid={`oh-start-${i}`}
                  />
                </div>
                <div className="field field--inline">
                  <label htmlFor={`oh-end-${i}`}>{t('officeHours.end')}</label>
                  <input
                    id={`oh-end-${i}`}
                    type="time"
                    required
                    value={s.end}
                    onChange={(e) => setSession(i, 'end', e.target.value)}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `oh-session-${i}-error` : undefined}
                    data-testid={`oh-end-${i}`}
                  />
                </div>
                <button
                  type="button"
                  className="button button--small button--ghost"
                  onClick={() => removeSession(i)}
                  disabled={h.sessions.length <= 1}
                  aria-label={t('officeHours.remove', { n })}
                  data-testid={`oh-remove-${i}`}
                >
                  {t('app.delete')}
                </button>
                {error && (
                  <span className="field__error sessions__error" id={`oh-session-${i}-error`} role="alert">
                    {error}
                  </span>
                )}
              </li>
            );
          })}
        </ol>
        {sessionsError && (
          <span className="field__error" role="alert">
            {sessionsError}
          </span>
        )}
        <button
          type="button"
          className="button button--small"
          onClick={addSession}
          disabled={h.sessions.length >= MAX_SESSIONS}
          data-testid="oh-add-session"
        >
          + {t('officeHours.addSession')}
        </button>
      </fieldset>
      {save.isError && <ErrorNotice error={save.error} compact />}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={save.isPending} data-testid="oh-save">
          {save.isPending ? t('app.saving') : t('app.save')}
        </button>
      </div>
    </form>
  );
}
