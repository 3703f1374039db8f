import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.js';
import { keys, type Page, type Unit } from '../api/directory.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDay } from '../components/format.js';
import { Empty, Loading } from '../components/States.js';
import { pick, usePageTitle, useLang, useT, type MessageKey } from '../i18n/index.js';

export function useUnits(parentId: string | null, enabled = true) {
  return useQuery({
    queryKey: keys.units(parentId),
    queryFn: ({ signal }) => api<Page<Unit>>('/api/directory/units', { query: { parentId }, signal }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export default function UnitsPage() {
  const t = useT();
  usePageTitle(t('units.title'));
  return (
    <div className="page">
      <h1>{t('units.title')}</h1>
      <div className="card">
        <UnitChildren parentId={null} depth={0} />
      </div>
    </div>
  );
}

function UnitChildren({ parentId, depth }: { parentId: string | null; depth: number }) {
  const t = useT();
  const units = useUnits(parentId);
  if (units.isPending) return <Loading />;
  if (units.isError) return <ErrorNotice error={units.error} onRetry={() => void units.refetch()} compact />;
  if (units.data.items.length === 0) return depth === 0 ? <Empty /> : <p className="tree__empty muted small">{t('units.noChildren')}</p>;
  return (
    <ul className={depth === 0 ? 'tree' : 'tree__group'} role={depth === 0 ? 'tree' : 'group'} aria-label={depth === 0 ? t('units.title') : undefined}>
      {units.data.items.map((u) => (
        <UnitNode key={u.id} unit={u} depth={depth} />
      ))}
    </ul>
  );
}

const STATUS_KEYS: Record<string, MessageKey> = {
  active: 'units.status.active',
  merged: 'units.status.merged',
  dissolved: 'units.status.dissolved',
  renamed: 'units.status.renamed',
};

function UnitNode({ unit, depth }: { unit: Unit; depth: number }) {
  const t = useT();
  const { lang } = useLang();
  const [open, setOpen] = useState(false);
  const name = pick(unit.name, lang);
  const inactive = unit.status !== 'active' || !!unit.validTo;
  const statusKey = STATUS_KEYS[unit.status];
  const validity = unit.validFrom
    ? unit.validTo
      ? t('units.valid', { from: formatDay(unit.validFrom, lang), to: formatDay(unit.validTo, lang) })
      : t('units.validFrom', { from: formatDay(unit.validFrom, lang) })
    : '';
  return (
    <li className={`tree__item ${inactive ? 'is-inactive' : ''}`} role="treeitem" aria-expanded={open} aria-level={depth + 1} data-testid={`unit-${unit.code}`}>
      <div className="tree__row">
        <button
          type="button"
          className="tree__toggle"
          aria-label={open ? t('units.collapse', { name }) : t('units.expand', { name })}
          onClick={() => setOpen((o) => !o)}
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        </button>
        <span className="tree__name">{name}</span>
        <code className="tree__code">{unit.code}</code>
        <span className="badge">{unit.type}</span>
        {statusKey && unit.status !== 'active' && <span className="badge badge--muted">{t(statusKey)}</span>}
        {!statusKey && <span className="badge badge--muted">{unit.status}</span>}
        {unit.demo && <span className="badge badge--demo">{t('app.demo')}</span>}
        {validity && <span className="muted small tree__validity">{validity}</span>}
      </div>
      {open && <UnitChildren parentId={unit.id} depth={depth + 1} />}
    </li>
  );
}
