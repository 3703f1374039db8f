import { useEffect, useRef } from 'react';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useT } from '../i18n/index.js';
import { addBaseLayer, addUnitLabels, useBasemap, VIETNAM } from '../components/map/basemap.js';
import { useUnitsGeo } from '../components/map/ReportMap.js';
import { textContent } from '../components/map/text-content.js';

const UNIT_STYLE: L.PathOptions = { color: '#0b4f8a', weight: 1, opacity: 0.7, fillColor: '#cfe0ef', fillOpacity: 0.3 };

/**
 * The operations centre's map of the province: the configured base map (MAP_TILES_URL) when there is one, the
 * communes' boundaries over it, named on the map when no tiles name the places; fitted to the province.
 */
export function MapView({ height = 320 }: { height?: number }) {
  const t = useT();
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const basemap = useBasemap();
  const geo = useUnitsGeo();
  useEffect(() => {
    if (!el.current) return;
    const map = L.map(el.current, { attributionControl: false, zoomSnap: 0.5 });
    map.fitBounds(VIETNAM);
    L.control.scale({ imperial: false }).addTo(map);
    mapRef.current = map;
    const ro = new ResizeObserver(() => map.invalidateSize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      map.remove();
      mapRef.current = null;
    };
  }, []);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !basemap.isSuccess) return;
    const c = basemap.data.centre;
    if (c && !geo.data?.features.length) map.setView([c.lat, c.lng], c.zoom);
    const tiles = addBaseLayer(map, basemap.data);
    return () => void tiles?.remove();
  }, [basemap.isSuccess, basemap.data, geo.data]);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !geo.data?.features.length) return;
    const layer = L.geoJSON(geo.data, {
      style: () => UNIT_STYLE,
      onEachFeature: (f, lyr) => {
        const name = (f.properties as { name?: unknown } | null)?.name;
        if (typeof name === 'string') lyr.bindTooltip(textContent(name), { sticky: true, className: 'maptip' });
      },
    }).addTo(map);
    const b = layer.getBounds();
    if (b.isValid()) map.fitBounds(b, { padding: [8, 8] });
    const labels = basemap.isFetched && !basemap.data?.tiles ? addUnitLabels(map, geo.data) : null;
    return () => {
      layer.remove();
      labels?.remove();
    };
  }, [geo.data, basemap.isFetched, basemap.data]);
  return (
    <div className="mapwrap">
      <div
        ref={el}
        className="map"
        style={{ height }}
        role="region"
        aria-label={t('ioc.map.label')}
        data-testid="ioc-map"
        data-tiles={basemap.data?.tiles ? 'true' : 'false'}
      />
      {!basemap.data?.tiles && <p className="map__note">{t('map.note')}</p>}
    </div>
  );
}
