import { Link } from 'react-router';
import type { UnitEvent, UnitRef } from '../api/directory.js';
import { formatDay } from '../components/format.js';
import { useLang, useT, type MessageKey } from '../i18n/index.js';

const refLinks = (refs: UnitRef[]) =>
  refs.map((r, i) => (
    <span key={r.id}>
      {i > 0 && ', '}
      <Link to={`/admin/units/${r.id}`}>{r.name}</Link> <code className="muted">{r.code}</code>
    </span>
  ));

/**
 * One line of a unit's history, told from the unit's side: "merged into X" when it was a source,
 * "formed from A, B" when it was the result (a merge into an existing unit keeps that unit's code).
 */
function EventText({ e, code, unitId }: { e: UnitEvent; code: string; unitId: string }) {
  const t = useT();
  // This very version decides; another version of the same code (before a rename, after a merge that kept the code) otherwise.
  const self = e.fromUnitIds.includes(unitId) || e.toUnitIds.includes(unitId);
  const inFrom = self ? e.fromUnitIds.includes(unitId) : e.from.some((r) => r.code === code);
  const inTo = self ? e.toUnitIds.includes(unitId) : e.to.some((r) => r.code === code);
  const others = (refs: UnitRef[]) => refs.filter((r) => r.code !== code);
  switch (e.kind) {
    case 'merge':
      if (inTo)
        return (
          <>
            {t('unitEvent.formedFrom')} {refLinks(e.from)}
          </>
        );
      return (
        <>
          {t('unitEvent.mergedInto')} {refLinks(e.to)}
          {inFrom && others(e.from).length > 0 && (
            <>
              {' '}
              ({t('unitEvent.together')} {refLinks(others(e.from))})
            </>
          )}
        </>
      );
    case 'rename': {
      const from = e.from[0];
      const to = e.to[0];
      return <>{from && to ? t('unitEvent.renamedFromTo', { from: from.name, to: to.name }) : t('unitEvent.rename')}</>;
    }
    case 'split':
      return inTo ? (
        <>
          {t('unitEvent.splitFrom')} {refLinks(e.from)}
        </>
      ) : (
        <>
          {t('unitEvent.splitInto')} {refLinks(e.to)}
        </>
      );
    case 'dissolve':
      return (
        <>
          {t('unitEvent.dissolve')}
          {e.to.length > 0 && (
            <>
              {' '}
              — {t('unitEvent.successor')} {refLinks(e.to)}
            </>
          )}
        </>
      );
    default:
      return <>{t(`unitEvent.${e.kind}` as MessageKey)}</>;
  }
}

/** The unit's history, newest first, each change with its date, legal basis and note. */
export function UnitHistory({ events, code, unitId }: { events: UnitEvent[]; code: string; unitId: string }) {
  const t = useT();
  const { lang } = useLang();
  const sorted = [...events].sort((a, b) =>
    a.effective === b.effective ? b.createdAt.localeCompare(a.createdAt) : b.effective.localeCompare(a.effective),
  );
  if (sorted.length === 0) return <p className="empty">{t('units.noHistory')}</p>;
  return (
    <ol className="timeline" data-testid="unit-history">
      {sorted.map((e) => (
        <li key={e.id} className="timeline__item" data-testid={`unit-event-${e.kind}`}>
          <time className="timeline__date" dateTime={e.effective}>
            {formatDay(e.effective, lang)}
          </time>
          <div className="timeline__body">
            <span className="timeline__title">
              <EventText e={e} code={code} unitId={unitId} />
              {e.demo && <span className="badge badge--demo">{t('app.demo')}</span>}
            </span>
            {e.legalBasis && <span className="muted small">{t('unitEvent.legalBasis', { basis: e.legalBasis })}</span>}
            {e.note && <span className="muted small">{e.note}</span>}
          </div>
        </li>
      ))}
    </ol>
  );
}
