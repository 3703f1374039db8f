import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import {
  ONLINE_LEVELS,
  PROCEDURE_LEVELS,
  procedureKeys,
  type ProcedureField,
  type ProcedureSummary,
} from '../api/procedures.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatNumber } from '../components/format.js';
import { Empty, ListSkeleton } from '../components/States.js';
import { usePageTitle, useLang, useT, type Translate } from '../i18n/index.js';

const LIMIT = 20;

/** "3 ngày làm việc", "Trong ngày": the processing time as people read it. */
export function daysLabel(days: number, t: Translate, lang: 'vi' | 'en'): string {
  return days === 0 ? t('procedures.sameDay') : t('procedures.workingDays', { n: formatNumber(days, lang) });
}

export function ProcedureBadges({ p }: { p: Pick<ProcedureSummary, 'onlineLevel' | 'demo' | 'active'> }) {
  const t = useT();
  return (
    <>
      <span className={`badge badge--online-${p.onlineLevel}`}>{t(`procedures.online.${p.onlineLevel}`)}</span>
      {p.demo && <span className="badge badge--demo">{t('app.demo')}</span>}
      {!p.active && <span className="badge">{t('procedures.inactive')}</span>}
    </>
  );
}

export default function ProcedureSearchPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('procedures.search.title'));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const field = params.get('field') ?? '';
  const level = params.get('level') ?? '';
  const onlineLevel = params.get('onlineLevel') ?? '';
  const offset = Math.max(0, Number(params.get('offset') ?? 0) || 0);
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const query = { q, field, level, onlineLevel, limit: LIMIT, offset };
  const list = useQuery({
    queryKey: procedureKeys.list(query),
    queryFn: ({ signal }) => api<{ items: ProcedureSummary[]; total: number }>('/api/procedures', { query, signal }),
    placeholderData: keepPreviousData,
  });
  const fields = useQuery({
    queryKey: procedureKeys.fields,
    queryFn: ({ signal }) => api<ProcedureField[]>('/api/procedures/fields', { signal }),
    staleTime: 5 * 60_000,
  });

  const set = (patch: Record<string, string>) => {
    const next = { q, field, level, onlineLevel, ...patch };
    setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v)));
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    set({ q: text.trim(), offset: '' });
  };
  const total = list.data?.total ?? 0;

  return (
    <div className="page">
      <h1>{t('procedures.search.title')}</h1>
      <form className="searchbox" role="search" onSubmit={onSubmit}>
        <label htmlFor="procedure-q" className="visually-hidden">
          {t('portal.search.label')}
        </label>
        <input
          id="procedure-q"
          type="search"
          data-testid="procedure-q"
          placeholder={t('portal.search.placeholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="button button--accent">
          {t('portal.search.submit')}
        </button>
      </form>
      <div className="filters">
        <div className="field">
          <label htmlFor="procedure-field">{t('procedures.field')}</label>
          <select id="procedure-field" value={field} onChange={(e) => set({ field: e.target.value, offset: '' })}>
            <option value="">{t('procedures.any')}</option>
            {(fields.data ?? []).map((f) => (
              <option key={f.code} value={f.code}>
                {lang === 'en' && f.nameEn ? f.nameEn : f.name} ({formatNumber(f.procedures, lang)})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="procedure-level">{t('procedures.level')}</label>
          <select id="procedure-level" value={level} onChange={(e) => set({ level: e.target.value, offset: '' })}>
            <option value="">{t('procedures.any')}</option>
            {PROCEDURE_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`procedures.level.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="procedure-online">{t('procedures.onlineLevel')}</label>
          <select
            id="procedure-online"
            value={onlineLevel}
            onChange={(e) => set({ onlineLevel: e.target.value, offset: '' })}
          >
            <option value="">{t('procedures.any')}</option>
            {ONLINE_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`procedures.online.${l}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {list.isPending ? (
        <ListSkeleton rows={LIMIT} lines={3} />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty>{t('portal.procedures.none')}</Empty>
      ) : (
        <>
          <p className="muted">{t('portal.procedures.total', { total: formatNumber(total, lang) })}</p>
          <ul className="list" data-testid="procedure-results" aria-busy={list.isFetching}>
            {list.data.items.map((p) => (
              <li key={p.id} className="list__item">
                <Link className="list__title" to={`/procedures/${encodeURIComponent(p.code)}`}>
                  {lang === 'en' && p.nameEn ? p.nameEn : p.name}
                </Link>
                <span className="muted small">
                  {[
                    p.code,
                    p.fieldName,
                    p.levels.map((l) => t(`procedures.level.${l}`)).join(', '),
                    daysLabel(p.processingDays, t, lang),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
                <span>
                  <ProcedureBadges p={p} />
                </span>
              </li>
            ))}
          </ul>
          <div className="pager">
            <button
              type="button"
              className="button button--small button--ghost"
              disabled={offset === 0}
              onClick={() => set({ offset: String(Math.max(0, offset - LIMIT) || '') })}
            >
              ‹ {t('app.previous')}
            </button>
            <span className="muted small">
              {t('app.pageOf', {
                from: formatNumber(offset + 1, lang),
                to: formatNumber(offset + list.data.items.length, lang),
                total: formatNumber(total, lang),
              })}
            </span>
            <button
              type="button"
              className="button button--small button--ghost"
              disabled={offset + LIMIT >= total}
              onClick={() => set({ offset: String(offset + LIMIT) })}
            >
              {t('app.next')} ›
            </button>
          </div>
        </>
      )}
    </div>
  );
}
