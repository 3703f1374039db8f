import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, isMissingRoute } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { currentYear, formatDay, weekday } from '../components/format.js';
import { ComingSoon, Empty, Loading } from '../components/States.js';
import { useToast } from '../components/Toast.js';
import { pick, usePageTitle, useLang, useT, type MessageKey, type Translate } from '../i18n/index.js';
import { useHolidays } from '../ioc/holidays.js';
import { OfficeHoursSection } from './OfficeHoursEditor.js';
import { TableWrap } from '../components/TableWrap.js';

interface Override {
  id: string;
  date: string;
  kind: string;
  name: { vi: string; en: string } | string;
  decision: string | null;
}

/** Kinds of a calendar override: a day off, or a Saturday/Sunday worked to make up for one. */
const OVERRIDE_KINDS: { value: string; label: MessageKey }[] = [
  { value: 'day_off', label: 'calendar.kind.off' },
  { value: 'working_day', label: 'calendar.kind.work' },
];
const KIND_LABELS: Record<string, MessageKey> = {
  holiday: 'calendar.kind.holiday',
  tet: 'calendar.kind.tet',
  substitute: 'calendar.kind.substitute',
  official: 'calendar.kind.official',
  day_off: 'calendar.kind.off',
  working_day: 'calendar.kind.work',
};
const kindLabel = (kind: string, t: Translate) => (KIND_LABELS[kind] ? t(KIND_LABELS[kind]) : kind);

const overridesKey = (year: number) => ['calendar', 'overrides', year] as const;

export default function CalendarPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('calendar.title'));
  const [year, setYear] = useState(currentYear);
  const holidays = useHolidays(year);
  const overrides = useQuery({
    queryKey: overridesKey(year),
    queryFn: ({ signal }) => api<{ items: Override[] }>('/api/calendar/overrides', { query: { year }, signal }),
    retry: false,
  });

  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('calendar.title')}</h1>
        <div className="field field--inline">
          <label htmlFor="calendar-year">{t('calendar.year')}</label>
          <select
            id="calendar-year"
            value={year}
            onChange={(e) => setYear(Number(e.target.value))}
            data-testid="calendar-year"
          >
            {Array.from({ length: 7 }, (_, i) => currentYear() - 3 + i).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>

      <div className="grid grid--two">
        <section className="card" aria-labelledby="holidays-heading">
          <h2 id="holidays-heading">{t('calendar.holidays', { year })}</h2>
          {holidays.isPending ? (
            <Loading />
          ) : holidays.isError ? (
            isMissingRoute(holidays.error) ? (
              <ComingSoon>{t('ioc.holidays.coming')}</ComingSoon>
            ) : (
              <ErrorNotice error={holidays.error} onRetry={() => void holidays.refetch()} />
            )
          ) : holidays.data.length === 0 ? (
            <Empty>{t('calendar.noHolidays')}</Empty>
          ) : (
            <TableWrap label={t('calendar.holidays', { year })}>
              <table className="table table--compact table--stack" data-testid="holiday-table">
                <thead>
                  <tr>
                    <th scope="col">{t('calendar.date')}</th>
                    <th scope="col">{t('calendar.weekday')}</th>
                    <th scope="col">{t('calendar.name')}</th>
                    <th scope="col">{t('calendar.kind')}</th>
                  </tr>
                </thead>
                <tbody>
                  {holidays.data.map((h) => (
                    <tr key={`${h.date}-${pick(h.name, 'vi')}`}>
                      <td className="nowrap" data-label={t('calendar.date')}>
                        {formatDay(h.date, lang)}
                      </td>
                      <td className="nowrap" data-label={t('calendar.weekday')}>
                        {weekday(h.date, lang)}
                      </td>
                      <td data-label={t('calendar.name')}>{pick(h.name, lang)}</td>
                      <td data-label={t('calendar.kind')}>{kindLabel(h.kind, t)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </section>

        <section className="card" aria-labelledby="overrides-heading">
          <h2 id="overrides-heading">{t('calendar.overrides')}</h2>
          <p className="muted small">{t('calendar.overridesIntro')}</p>
          {overrides.isPending ? (
            <Loading />
          ) : overrides.isError ? (
            isMissingRoute(overrides.error) ? (
              <ComingSoon />
            ) : (
              <ErrorNotice error={overrides.error} onRetry={() => void overrides.refetch()} />
            )
          ) : overrides.data.items.length === 0 ? (
            <Empty>{t('calendar.noOverrides')}</Empty>
          ) : (
            <ul className="list" data-testid="override-list">
              {overrides.data.items.map((o) => (
                <OverrideRow key={o.id} o={o} year={year} />
              ))}
            </ul>
          )}
          {!(overrides.isError && isMissingRoute(overrides.error)) && <OverrideForm year={year} />}
        </section>
      </div>
      <OfficeHoursSection />
    </div>
  );
}

function OverrideRow({ o, year }: { o: Override; year: number }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const del = useMutation({
    mutationFn: () => api<void>(`/api/calendar/overrides/${encodeURIComponent(o.id)}`, { method: 'DELETE' }),
    onSuccess: () => {
      toast.success(t('calendar.deleted'));
      void qc.invalidateQueries({ queryKey: overridesKey(year) });
      void qc.invalidateQueries({ queryKey: ['calendar', 'holidays'] });
    },
  });
  return (
    <li className="list__item list__item--row">
      <div className="list__main">
        <span className="list__title">
          {formatDay(o.date, lang)} — {pick(o.name, lang)}
        </span>
        <span className="muted small">
          {kindLabel(o.kind, t)}
          {o.decision ? ` · ${o.decision}` : ''}
        </span>
        {del.isError && <ErrorNotice error={del.error} compact />}
      </div>
      {confirming ? (
        <span className="buttons">
          <button
            type="button"
            className="button button--small button--danger"
            disabled={del.isPending}
            onClick={() => del.mutate()}
          >
            {t('app.confirmDelete')}
          </button>
          <button type="button" className="button button--small button--ghost" onClick={() => setConfirming(false)}>
            {t('app.cancel')}
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={() => setConfirming(true)}
          aria-label={`${t('app.delete')}: ${formatDay(o.date, lang)}`}
        >
          {t('app.delete')}
        </button>
      )}
    </li>
  );
}

function OverrideForm({ year }: { year: number }) {
  const t = useT();
  const qc = useQueryClient();
  const toast = useToast();
  const empty = { date: '', kind: 'day_off', nameVi: '', nameEn: '', decision: '' };
  const [f, setF] = useState(empty);
  const add = useMutation({
    mutationFn: () =>
      api<Override>('/api/calendar/overrides', {
        method: 'POST',
        body: {
          date: f.date,
          kind: f.kind,
          name: { vi: f.nameVi.trim(), en: f.nameEn.trim() || f.nameVi.trim() },
          decision: f.decision.trim() || null,
        },
      }),
    onSuccess: () => {
      toast.success(t('calendar.added'));
      setF(empty);
      void qc.invalidateQueries({ queryKey: overridesKey(year) });
      void qc.invalidateQueries({ queryKey: ['calendar', 'holidays'] });
    },
  });
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) =>
    setF((x) => ({ ...x, [k]: e.target.value }));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <form className="form form--boxed" onSubmit={onSubmit} data-testid="override-form">
      <h3>{t('calendar.add')}</h3>
      <div className="form__row">
        <div className="field">
          <label htmlFor="ov-date">{t('calendar.date')}</label>
          <input
            id="ov-date"
            type="date"
            required
            min={`${year}-01-01`}
            max={`${year}-12-31`}
            value={f.date}
            onChange={set('date')}
          />
        </div>
        <div className="field">
          <label htmlFor="ov-kind">{t('calendar.kind')}</label>
          <select id="ov-kind" value={f.kind} onChange={set('kind')}>
            {OVERRIDE_KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {t(k.label)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor="ov-name-vi">{t('calendar.nameVi')}</label>
        <input id="ov-name-vi" required lang="vi" maxLength={200} value={f.nameVi} onChange={set('nameVi')} />
      </div>
      <div className="field">
        <label htmlFor="ov-name-en">{t('calendar.nameEn')}</label>
        <input id="ov-name-en" lang="en" maxLength={200} value={f.nameEn} onChange={set('nameEn')} />
      </div>
      <div className="field">
        <label htmlFor="ov-decision">{t('calendar.decision')}</label>
        <input
          id="ov-decision"
          maxLength={200}
          placeholder={t('calendar.decisionHint')}
          value={f.decision}
          onChange={set('decision')}
        />
      </div>
      {add.isError && <ErrorNotice error={add.error} compact />}
      <button type="submit" className="button button--primary" disabled={add.isPending}>
        {add.isPending ? t('app.saving') : t('app.add')}
      </button>
    </form>
  );
}
