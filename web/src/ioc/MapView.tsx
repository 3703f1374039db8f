import { useEffect, useRef } from 'react';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useT } from '../i18n/index.js';

/** Vietnam's extent; the province's boundary will replace it once units carry GeoJSON. */
const VIETNAM: L.LatLngBoundsExpression = [
  [8.4, 102.1],
  [23.4, 109.5],
];

/**
 * A Leaflet map with no tile layer: no tile server is reachable (and the CSP allows none).
 * Administrative boundaries will be drawn from GeoJSON served by the platform.
 */
export function MapView({ height = 320 }: { height?: number }) {
  const t = useT();
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const map = L.map(el.current, { attributionControl: false, zoomSnap: 0.5 });
    map.fitBounds(VIETNAM);
    L.control.scale({ imperial: false }).addTo(map);
    const ro = new ResizeObserver(() => map.invalidateSize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      map.remove();
    };
  }, []);
  return (
    <div className="mapwrap">
      <div ref={el} className="map" style={{ height }} role="region" aria-label={t('ioc.map.label')} data-testid="ioc-map" />
      <p className="map__note">{t('ioc.map.note')}</p>
    </div>
  );
}
