import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { categoryName, feedbackKeys, REPORT_STATUSES, type Category, type ReportPage } from '../api/feedback.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatInstant } from '../components/format.js';
import { Empty, Loading } from '../components/States.js';
import { LazyReportMap } from '../components/map/LazyReportMap.js';
import type { Bounds, MapMarker } from '../components/map/ReportMap.js';
import { pick, usePageTitle, useLang, useT } from '../i18n/index.js';
import { StatusBadge, statusKey } from './reports/parts.js';

const LIMIT = 500;
// The list is drawn this many at a time ("show more"): all 500 at once held a phone's main thread for a second, 50
// still for 100–160 ms (a long task in Lighthouse's count), and the map shows every report anyway.
const PAGE = 20;

/** The public map and list of field reports (never the reporter): filters by status and category, list and map in step. */
export default function ReportsPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('portal.reports.title'));
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const category = params.get('category') ?? '';
  const [selected, setSelected] = useState<string | null>(null);
  const [inView, setInView] = useState(false);
  const [bounds, setBounds] = useState<Bounds | null>(null);
  const [drawn, setDrawn] = useState(PAGE);

  const categories = useQuery({
    queryKey: feedbackKeys.categories,
    queryFn: ({ signal }) => api<Category[]>('/api/feedback/categories', { signal }),
    staleTime: 5 * 60_000,
  });
  const query = { status, category, limit: LIMIT };
  const list = useQuery({
    queryKey: feedbackKeys.list(query),
    queryFn: ({ signal }) => api<ReportPage>('/api/feedback/reports', { query, signal }),
  });

  const setFilter = (k: 'status' | 'category', v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
    setSelected(null);
    setDrawn(PAGE);
  };

  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const shown = useMemo(
    () =>
      inView && bounds
        ? items.filter(
            (r) => r.lat >= bounds.minLat && r.lat <= bounds.maxLat && r.lng >= bounds.minLng && r.lng <= bounds.maxLng,
          )
        : items,
    [items, inView, bounds],
  );
  const markers = useMemo<MapMarker[]>(
    () =>
      items.map((r) => ({
        id: r.id,
        lat: r.lat,
        lng: r.lng,
        status: r.status,
        label: `${r.publicId} · ${pick(r.categoryName, lang)}`,
      })),
    [items, lang],
  );

  // A report chosen on the map is brought into view in the list, drawn down to it if it was further.
  const selectedAt = selected ? shown.findIndex((r) => r.id === selected) : -1;
  useEffect(() => {
    if (selectedAt >= drawn) setDrawn(Math.ceil((selectedAt + 1) / PAGE) * PAGE);
  }, [selectedAt, drawn]);
  const selectedDrawn = selectedAt >= 0 && selectedAt < drawn;
  useEffect(() => {
    if (selected && selectedDrawn)
      document.getElementById(`report-${selected}`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [selected, selectedDrawn]);

  return (
    <div className="page page--wide">
      <div className="page__head">
        <h1>{t('portal.reports.title')}</h1>
        <Link className="button button--primary" to="/reports/new" data-testid="report-new">
          {t('feedback.new')}
        </Link>
      </div>
      <p>{t('portal.reports.intro')}</p>

      <form
        className="form form--inline filters"
        role="search"
        aria-label={t('feedback.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field">
          <label htmlFor="report-status">{t('feedback.status')}</label>
          <select
            id="report-status"
            value={status}
            onChange={(e) => setFilter('status', e.target.value)}
            data-testid="report-filter-status"
          >
            <option value="">{t('feedback.status.public')}</option>
            {REPORT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(statusKey(s)!)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--grow">
          <label htmlFor="report-category">{t('feedback.category')}</label>
          <select
            id="report-category"
            value={category}
            onChange={(e) => setFilter('category', e.target.value)}
            data-testid="report-filter-category"
          >
            <option value="">{t('feedback.category.all')}</option>
            {(categories.data ?? []).map((c) => (
              <option key={c.code} value={c.code}>
                {categoryName(c, lang)}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={inView} onChange={(e) => setInView(e.target.checked)} />
          {t('feedback.onlyInView')}
        </label>
      </form>

      <div className="reportsplit">
        <section className="reportsplit__map" aria-label={t('feedback.mapLabel')}>
          <LazyReportMap
            when={!list.isPending}
            markers={markers}
            selectedId={selected}
            onSelect={setSelected}
            onBoundsChange={setBounds}
            label={t('feedback.mapLabel')}
            height="min(60vh, 520px)"
          />
        </section>
        <section className="reportsplit__list" aria-labelledby="report-list-heading">
          <h2 id="report-list-heading" className="small">
            {list.data ? t('feedback.count', { shown: shown.length, total: list.data.total }) : t('feedback.listTitle')}
          </h2>
          {list.isPending ? (
            <Loading />
          ) : list.isError ? (
            <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
          ) : shown.length === 0 ? (
            <Empty>{t('feedback.empty')}</Empty>
          ) : (
            <ul className="list reportlist" data-testid="report-list">
              {shown.slice(0, drawn).map((r) => (
                <li
                  key={r.id}
                  id={`report-${r.id}`}
                  className={
                    r.id === selected ? 'list__item reportlist__item is-selected' : 'list__item reportlist__item'
                  }
                  data-testid={`report-item-${r.publicId}`}
                >
                  {r.photo && <img className="reportlist__thumb" src={r.photo} alt="" loading="lazy" />}
                  <div className="list__main">
                    <Link className="list__title" to={`/reports/${encodeURIComponent(r.publicId)}`}>
                      {r.publicId} · {pick(r.categoryName, lang)}
                    </Link>
                    <span className="reportlist__desc">{r.description}</span>
                    <span className="small muted">
                      {r.agency} · {formatInstant(r.createdAt, lang)}
                    </span>
                    <span>
                      <StatusBadge status={r.status} />{' '}
                      <button
                        type="button"
                        className="button button--small button--ghost"
                        onClick={() => setSelected(r.id)}
                        aria-pressed={r.id === selected}
                      >
                        {t('feedback.showOnMap')}
                      </button>
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          )}
          {shown.length > drawn && (
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => setDrawn((n) => n + PAGE)}
              data-testid="report-more"
            >
              {t('feedback.more', { n: Math.min(PAGE, shown.length - drawn) })}
            </button>
          )}
        </section>
      </div>
    </div>
  );
}
