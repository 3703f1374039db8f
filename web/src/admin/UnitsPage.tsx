import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { keys, type Page, type Unit } from '../api/directory.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDay } from '../components/format.js';
import { DataList, type Column } from '../components/DataList.js';
import { SearchField } from '../components/SearchField.js';
import { Empty, Loading } from '../components/States.js';
import { useListSearch } from '../components/useListSearch.js';
import { pick, usePageTitle, useLang, useT, type Translate } from '../i18n/index.js';
import { useMayCreate } from './scope.js';
import {
  REFORM_2025,
  todayVn,
  UNIT_STATUSES,
  UNIT_TYPES,
  unitLevelLabel,
  unitStatusLabel,
  unitTypeLabel,
} from './unitLabels.js';

/** Rows per page of a search's results. */
const PAGE = 20;

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
  const [params] = useSearchParams();
  const { q, offset, text, setText, goTo, update } = useListSearch();
  // Creating and merging are offered to an administrator of some unit; each unit's own scope is checked on its page.
  const mayManage = useMayCreate('directory.unit.manage');
  const level = params.get('level') ?? '';
  const type = params.get('type') ?? '';
  const status = params.get('status') ?? '';
  const asOf = params.get('asOf') ?? '';
  // A new filter starts again at the first page.
  const setParam = (k: string, v: string) => update({ [k]: v, offset: '' }, true);

  const filtered = !!(q || level || type || status);
  const day = asOf || todayVn();
  const twoLevel = day >= REFORM_2025;
  const types = UNIT_TYPES.filter((u) => !level || String(u.level) === level);

  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('units.title')}</h1>
        {mayManage && (
          <span className="buttons">
            <Link to="/admin/units/merge" className="button" data-testid="unit-merge-open">
              {t('units.merge')}
            </Link>
            <Link to="/admin/units/new" className="button button--primary" data-testid="unit-new">
              + {t('units.new')}
            </Link>
          </span>
        )}
      </div>
      <form
        className="form form--inline filters"
        role="search"
        aria-label={t('units.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <SearchField
          id="unit-search"
          testId="unit-search"
          className="field--grow"
          label={t('units.search')}
          value={text}
          onChange={setText}
        />
        <div className="field">
          <label htmlFor="unit-filter-level">{t('units.levelLabel')}</label>
          <select
            id="unit-filter-level"
            data-testid="unit-filter-level"
            value={level}
            onChange={(e) => setParam('level', e.target.value)}
          >
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
          <select
            id="unit-filter-type"
            data-testid="unit-filter-type"
            value={type}
            onChange={(e) => setParam('type', e.target.value)}
          >
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
          <select
            id="unit-filter-status"
            data-testid="unit-filter-status"
            value={status}
            onChange={(e) => setParam('status', e.target.value)}
          >
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
          <input
            id="unit-filter-date"
            type="date"
            data-testid="unit-filter-date"
            value={asOf}
            onChange={(e) => setParam('asOf', e.target.value)}
          />
        </div>
        {(filtered || asOf) && (
          <button
            type="button"
            className="button button--ghost"
            onClick={() => update({ q: '', level: '', type: '', status: '', asOf: '', offset: '' }, true)}
          >
            {t('units.clearFilters')}
          </button>
        )}
      </form>
      <p className="muted small" data-testid="unit-structure">
        {twoLevel ? t('units.twoLevel') : t('units.threeLevel')}
      </p>
      {filtered ? (
        <UnitList
          query={{
            q: q || undefined,
            level: level || undefined,
            type: type || undefined,
            status: status || undefined,
            asOf: asOf || undefined,
          }}
          offset={offset}
          onPage={goTo}
        />
      ) : (
        <div className="card">
          <UnitChildren parentId={null} depth={0} asOf={asOf} />
        </div>
      )}
    </div>
  );
}

/** The units a search or a filter finds: the server sends them all (up to 500), shown a page at a time. */
function UnitList({
  query,
  offset,
  onPage,
}: {
  query: Record<string, string | undefined>;
  offset: number;
  onPage: (offset: number) => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const list = useQuery({
    queryKey: keys.unitList(query),
    queryFn: ({ signal }) => api<Page<Unit>>('/api/directory/units', { query: { ...query, limit: 500 }, signal }),
    placeholderData: keepPreviousData,
  });
  const columns: Column<Unit>[] = [
    { header: t('units.code'), cell: (u) => <code>{u.code}</code> },
    {
      header: t('units.name'),
      cell: (u) => (
        <span>
          <Link to={`/admin/units/${u.id}`}>{pick(u.name, lang)}</Link>
          {u.demo && <span className="badge badge--demo">{t('app.demo')}</span>}
        </span>
      ),
    },
    { header: t('units.type'), cell: (u) => unitTypeLabel(u.type, t) },
    { header: t('units.levelLabel'), cell: (u) => unitLevelLabel(u.level, t) },
    {
      header: t('units.statusLabel'),
      cell: (u) => (
        <span className={u.status === 'current' ? 'badge' : 'badge badge--muted'}>{unitStatusLabel(u.status, t)}</span>
      ),
    },
    {
      header: t('units.validity'),
      className: 'nowrap',
      cell: (u) => (
        <>
          {formatDay(u.validFrom, lang)} – {u.validTo ? formatDay(u.validTo, lang) : t('units.open')}
        </>
      ),
    },
  ];
  return (
    <DataList
      label={t('units.title')}
      columns={columns}
      query={list}
      rowKey={(u) => u.id}
      rowTestId={(u) => `unit-row-${u.code}`}
      testId="unit-table"
      empty={t('units.none')}
      summary={(count) => t('units.count', { count })}
      paging={{ offset, limit: PAGE, onPage, client: true }}
    />
  );
}

function UnitChildren({ parentId, depth, asOf }: { parentId: string | null; depth: number; asOf: string }) {
  const t = useT();
  const units = useUnits(parentId, true, asOf);
  if (units.isPending) return <Loading />;
  if (units.isError) return <ErrorNotice error={units.error} onRetry={() => void units.refetch()} compact />;
  if (units.data.items.length === 0)
    return depth === 0 ? <Empty /> : <p className="tree__empty muted small">{t('units.noChildren')}</p>;
  return (
    <ul
      className={depth === 0 ? 'tree' : 'tree__group'}
      role={depth === 0 ? 'tree' : 'group'}
      aria-label={depth === 0 ? t('units.title') : undefined}
    >
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
