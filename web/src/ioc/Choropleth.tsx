import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { FeatureCollection } from 'geojson';
import { api } from '../api/client.js';
import { useT } from '../i18n/index.js';

interface Breakdown {
  items: {
    scopeId: string;
    code: string | null;
    name: string;
    value: number | null;
    a: number | null;
    b: number | null;
  }[];
}

/** Five classes of a ratio, dark enough against white for the legend's text (WCAG contrast on the swatches' labels). */
export const CLASSES = [
  { min: 0.95, color: '#1a7f37', label: '≥ 95%' },
  { min: 0.9, color: '#5a9e2f', label: '90–95%' },
  { min: 0.8, color: '#c9a400', label: '80–90%' },
  { min: 0.6, color: '#d9731a', label: '60–80%' },
  { min: 0, color: '#c0392b', label: '< 60%' },
];
const colorOf = (v: number | null | undefined) =>
  v === null || v === undefined ? '#d0d5db' : CLASSES.find((c) => v >= c.min)!.color;

/** A choropleth of an indicator by administrative unit over the shipped boundaries; a unit clicks through to its list. */
export function Choropleth({ indicator, height = 360 }: { indicator: string; height?: number }) {
  const t = useT();
  const navigate = useNavigate();
  const el = useRef<HTMLDivElement>(null);
  const shapes = useQuery({
    queryKey: ['geo', 'units'],
    queryFn: ({ signal }) => api<FeatureCollection>('/api/geo/units.geojson', { signal }),
    staleTime: Infinity,
  });
  const values = useQuery({
    queryKey: ['reporting', 'breakdown', indicator, 'unit'],
    queryFn: ({ signal }) => api<Breakdown>(`/api/reporting/ioc/breakdown?key=${indicator}&by=unit`, { signal }),
  });
  useEffect(() => {
    if (!el.current || !shapes.data) return;
    const map = L.map(el.current, { attributionControl: false, zoomSnap: 0.5 });
    const by = new Map((values.data?.items ?? []).map((i) => [i.code, i]));
    const layer = L.geoJSON(shapes.data, {
      style: (f) => ({
        color: '#0b4f8a',
        weight: 1,
        fillOpacity: 0.7,
        fillColor: colorOf(by.get(f?.properties?.code)?.value),
      }),
      onEachFeature: (f, l) => {
        const v = by.get(f.properties?.code);
        l.bindTooltip(
          `${f.properties?.name ?? ''}: ${v?.value === null || v?.value === undefined ? t('rep.map.nodata') : `${Math.round(v.value * 1000) / 10}% (${v.a}/${v.b})`}`,
        );
        if (v) l.on('click', () => navigate(`/ioc/reporting/indicator/${indicator}?by=unit`));
      },
    }).addTo(map);
    map.fitBounds(layer.getBounds());
    const ro = new ResizeObserver(() => map.invalidateSize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      map.remove();
    };
  }, [shapes.data, values.data, indicator, navigate, t]);
  return (
    <div className="mapwrap">
      <div ref={el} className="map" style={{ height }} role="region" aria-label={t('rep.map')} data-testid="ioc-map" />
      <ul className="maplegend" aria-label={t('rep.map.legend')}>
        {CLASSES.map((c) => (
          <li key={c.label}>
            <span className="maplegend__dot" style={{ background: c.color }} aria-hidden="true" /> {c.label}
          </li>
        ))}
        <li>
          <span className="maplegend__dot" style={{ background: '#d0d5db' }} aria-hidden="true" /> {t('rep.map.nodata')}
        </li>
      </ul>
    </div>
  );
}
