import { STATUS_COLOURS } from '../../api/feedback.js';
import { useT } from '../../i18n/index.js';

// Apart from ReportMap.tsx (which loads Leaflet): the reports page draws the legend before the map has loaded.
export const LEGEND_STATUSES = ['new', 'in_progress', 'info_requested', 'resolved'] as const;

/** The marker colours, in words: colour is never the only sign of a status. */
export function StatusLegend() {
  const t = useT();
  return (
    <ul className="maplegend" aria-label={t('map.legend')}>
      {LEGEND_STATUSES.map((s) => (
        <li key={s}>
          <span className="maplegend__dot" style={{ background: STATUS_COLOURS[s] }} aria-hidden="true" />
          {t(`feedback.status.${s}`)}
        </li>
      ))}
    </ul>
  );
}
