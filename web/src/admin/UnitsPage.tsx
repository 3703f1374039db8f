import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { keys, type Page, type Unit } from '../api/directory.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDay } from '../components/format.js';
import { Empty, Loading } from '../components/States.js';
import { pick, usePageTitle, useLang, useT, type Translate } from '../i18n/index.js';
import { REFORM_2025, todayVn, UNIT_STATUSES, UNIT_TYPES, unitLevelLabel, unitStatusLabel, unitTypeLabel } from './unitLabels.js';
import { TableWrap } from '../components/TableWrap.js';

/** Children of a unit (or the provinces) in force on `asOf` (today when empty). */
export function useUnits(parentId: string | null, enabled = true, asOf = '') {
  const query = { parentId, asOf: asOf || undefined };
  return useQuery({
    queryKey: asOf ? keys.unitList(query) : keys.units(parentId),
    queryFn: ({ signal }) => api<Page<Unit>>('/api/directory/units', { query, signal }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

const validity = (u: Unit, t: Translate, lang: 'vi' | 'en') =>
  u.validFrom
    ? u.validTo
      ? t('units.valid', { from: formatDay(u.validFrom, lang), to: formatDay(u.validTo, lang) })
      : t('units.validFrom', { from: formatDay(u.validFrom, lang) })
    : '';

export default function UnitsPage() {
  const t = useT();
  usePageTitle(t('units.title'));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const level = params.get('level') ?? '';
  const type = params.get('type') ?? '';
  const status = params.get('status') ?? '';
  const asOf = params.get('asOf') ?? '';
  const [text, setText] = useState(q);

  const setParam = useCallback(
    (k: string, v: string) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          if (v) next.set(k, v);
          else next.delete(k);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  useEffect(() => setText((cur) => (cur.trim() === q ? cur : q)), [q]);
  useEffect(() => {
    const h = setTimeout(() => {
      if (text.trim() !== q) setParam('q', text.trim());
    }, 300);
    return () => clearTimeout(h);
  }, [text, q, setParam]);

  const filtered = !!(q || level || type || status);
  const day = asOf || todayVn();
  const twoLevel = day >= REFORM_2025;
  const types = UNIT_TYPES.filter((u) => !level || String(u.level) === level);

  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('units.title')}</h1>
        <span className="buttons">
          <Link to="/admin/units/merge" className="button" data-testid="unit-merge-open">
            {t('units.merge')}
          </Link>
          <Link to="/admin/units/new" className="button button--primary" data-testid="unit-new">
            + {t('units.new')}
          </Link>
        </span>
      </div>
      <form className="form form--inline filters" role="search" aria-label={t('units.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field field--grow">
          <label htmlFor="unit-search">{t('units.search')}</label>
          <input id="unit-search" type="search" data-testid="unit-search" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="unit-filter-level">{t('units.levelLabel')}</label>
          <select id="unit-filter-level" data-testid="unit-filter-level" value={level} onChange={(e) => setParam('level', e.target.value)}>
            <option value="">{t('units.all')}</option>
            {[1, 2, 3].map((l) => (
              <option key={l} value={l}>
                {unitLevelLabel(l, t)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="unit-filter-type">{t('units.type')}</label>
          <select id="unit-filter-type" data-testid="unit-filter-type" value={type} onChange={(e) => setParam('type', e.target.value)}>
            <option value="">{t('units.all')}</option>
            {types.map((u) => (
              <option key={u.value} value={u.value}>
                {unitTypeLabel(u.value, t)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="unit-filter-status">{t('units.statusLabel')}</label>
          <select id="unit-filter-status" data-testid="unit-filter-status" value={status} onChange={(e) => setParam('status', e.target.value)}>
            <option value="">{t('units.all')}</option>
            {UNIT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {unitStatusLabel(s, t)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="unit-filter-date">{t('units.asOf')}</label>
          <input id="unit-filter-date" type="date" data-testid="unit-filter-date" value={asOf} onChange={(e) => setParam('asOf', e.target.value)} />
        </div>
        {(filtered || asOf) && (
          <button type="button" className="button button--ghost" onClick={() => setParams({}, { replace: true })}>
            {t('units.clearFilters')}
          </button>
        )}
      </form>
      <p className="muted small" data-testid="unit-structure">
        {twoLevel ? t('units.twoLevel') : t('units.threeLevel')}
      </p>
      {filtered ? (
        <UnitList query={{ q: q || undefined, level: level || undefined, type: type || undefined, status: status || undefined, asOf: asOf || undefined }} />
      ) : (
        <div className="card">
          <UnitChildren parentId={null} depth={0} asOf={asOf} />
        </div>
      )}
    </div>
  );
}

function UnitList({ query }: { query: Record<string, string | undefined> }) {
  const t = useT();
  const { lang } = useLang();
  const list = useQuery({
    queryKey: keys.unitList(query),
    queryFn: ({ signal }) => api<Page<Unit>>('/api/directory/units', { query: { ...query, limit: 500 }, signal }),
    placeholderData: keepPreviousData,
  });
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.items.length === 0) return <Empty>{t('units.none')}</Empty>;
  return (
    <>
      <p className="muted small" role="status">
        {t('units.count', { count: list.data.items.length })}
      </p>
      <TableWrap label={t('units.title')}>
        <table className="table table--stack" aria-busy={list.isFetching} data-testid="unit-table">
          <thead>
            <tr>
              <th scope="col">{t('units.code')}</th>
              <th scope="col">{t('units.name')}</th>
              <th scope="col">{t('units.type')}</th>
              <th scope="col">{t('units.levelLabel')}</th>
              <th scope="col">{t('units.statusLabel')}</th>
              <th scope="col">{t('units.validity')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((u) => (
              <tr key={u.id} data-testid={`unit-row-${u.code}`}>
                <td data-label={t('units.code')}>
                  <code>{u.code}</code>
                </td>
                <td data-label={t('units.name')}>
                  <span>
                    <Link to={`/admin/units/${u.id}`}>{pick(u.name, lang)}</Link>
                    {u.demo && <span className="badge badge--demo">{t('app.demo')}</span>}
                  </span>
                </td>
                <td data-label={t('units.type')}>{unitTypeLabel(u.type, t)}</td>
                <td data-label={t('units.levelLabel')}>{unitLevelLabel(u.level, t)}</td>
                <td data-label={t('units.statusLabel')}>
                  <span className={u.status === 'current' ? 'badge' : 'badge badge--muted'}>{unitStatusLabel(u.status, t)}</span>
                </td>
                <td data-label={t('units.validity')} className="nowrap">
                  {formatDay(u.validFrom, lang)} – {u.validTo ? formatDay(u.validTo, lang) : t('units.open')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

function UnitChildren({ parentId, depth, asOf }: { parentId: string | null; depth: number; asOf: string }) {
  const t = useT();
  const units = useUnits(parentId, true, asOf);
  if (units.isPending) return <Loading />;
  if (units.isError) return <ErrorNotice error={units.error} onRetry={() => void units.refetch()} compact />;
  if (units.data.items.length === 0) return depth === 0 ? <Empty /> : <p className="tree__empty muted small">{t('units.noChildren')}</p>;
  return (
    <ul className={depth === 0 ? 'tree' : 'tree__group'} role={depth === 0 ? 'tree' : 'group'} aria-label={depth === 0 ? t('units.title') : undefined}>
      {units.data.items.map((u) => (
        <UnitNode key={u.id} unit={u} depth={depth} asOf={asOf} />
      ))}
    </ul>
  );
}

function UnitNode({ unit, depth, asOf }: { unit: Unit; depth: number; asOf: string }) {
  const t = useT();
  const { lang } = useLang();
  const [open, setOpen] = useState(false);
  const name = pick(unit.name, lang);
  const inactive = unit.status !== 'current' || !!unit.validTo;
  const leaf = Number(unit.level) === 3;
  const when = validity(unit, t, lang);
  return (
    <li
      className={`tree__item ${inactive ? 'is-inactive' : ''}`}
      role="treeitem"
      aria-expanded={leaf ? undefined : open}
      aria-level={depth + 1}
      data-testid={`unit-row-${unit.code}`}
    >
      <div className="tree__row">
        {leaf ? (
          <span className="tree__spacer" aria-hidden="true" />
        ) : (
          <button
            type="button"
            className="tree__toggle"
            aria-label={open ? t('units.collapse', { name }) : t('units.expand', { name })}
            onClick={() => setOpen((o) => !o)}
            data-testid={`unit-toggle-${unit.code}`}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        )}
        <Link className="tree__name" to={`/admin/units/${unit.id}`}>
          {name}
        </Link>
        <code className="tree__code">{unit.code}</code>
        <span className="badge">{unitTypeLabel(unit.type, t)}</span>
        {unit.status !== 'current' && <span className="badge badge--muted">{unitStatusLabel(unit.status, t)}</span>}
        {unit.demo && <span className="badge badge--demo">{t('app.demo')}</span>}
        {when && <span className="muted small tree__validity">{when}</span>}
      </div>
      {open && <UnitChildren parentId={unit.id} depth={depth + 1} asOf={asOf} />}
    </li>
  );
}
