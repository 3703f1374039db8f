import { lazy, Suspense, useEffect, useState, type ComponentProps } from 'react';
import type { ReportMap as ReportMapComponent } from './ReportMap.js';
import { StatusLegend } from './StatusLegend.js';
import { useT } from '../../i18n/index.js';

// Leaflet, its stylesheet and the boundaries are the largest part of a map page: a chunk of their own, fetched only
// when the map is about to be drawn.
const ReportMap = lazy(() => import('./ReportMap.js').then((m) => ({ default: m.ReportMap })));

type Props = ComponentProps<typeof ReportMapComponent> & {
  /** The page's own content is drawn (its list arrived): the map may load now, at the browser's next idle moment. */
  when?: boolean;
};

/** Runs `cb` once the main thread is idle (soon after at the latest); returns the cancellation. */
function onIdle(cb: () => void): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(cb, { timeout: 1500 });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(cb, 50);
  return () => window.clearTimeout(id);
}

/**
 * The reports map, loaded after the page's text: the list (the map's text alternative) is read first on a slow phone,
 * and the map's code and data do not compete with it. Until the map is there, a box of its size with its legend and
 * note stands in its place, so that nothing moves when it comes. Drawn the same at build time (web/src/prerender.tsx),
 * where there is no window for Leaflet.
 */
export function LazyReportMap({ when = true, ...props }: Props) {
  const [load, setLoad] = useState(false);
  useEffect(() => (when && !load ? onIdle(() => setLoad(true)) : undefined), [when, load]);
  const placeholder = <MapPlaceholder {...props} />;
  if (!load) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <ReportMap {...props} />
    </Suspense>
  );
}

/** What ReportMap draws before its boundaries and base map have arrived, without Leaflet. */
function MapPlaceholder({ height = 360, label, markers, testId = 'report-map' }: Omit<Props, 'when'>) {
  const t = useT();
  return (
    <div className="mapwrap">
      <div
        className="map"
        style={{ height }}
        role="region"
        aria-label={label}
        aria-busy="true"
        data-testid={testId}
        data-ready="false"
      />
      {markers && <StatusLegend />}
      <p className="map__note">{t('map.note')}</p>
    </div>
  );
}
